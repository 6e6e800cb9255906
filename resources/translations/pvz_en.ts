<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ru">
<context>
    <name></name>
    <message>
        <source>отправление</source>
        <translation>parcel</translation>
    </message>
    <message>
        <source>код получения</source>
        <translation>pickup code</translation>
    </message>
    <message>
        <source>грузоместо</source>
        <translation>package</translation>
    </message>
    <message>
        <source>ячейка</source>
        <translation>cell</translation>
    </message>
    <message>
        <source>накладная</source>
        <translation>waybill</translation>
    </message>
    <message>
        <source>заявка на возврат</source>
        <translation>return request</translation>
    </message>
    <message>
        <source>возвратная тара</source>
        <translation>return box</translation>
    </message>
    <message>
        <source>поставка продавца</source>
        <translation>seller supply</translation>
    </message>
    <message>
        <source>код отправки посылки</source>
        <translation>parcel send code</translation>
    </message>
    <message>
        <source>трек-номер отправки</source>
        <translation>outbound tracking number</translation>
    </message>
    <message>
        <source>мешок на отправку</source>
        <translation>outbound bag</translation>
    </message>
    <message>
        <source>код передачи курьеру</source>
        <translation>courier handover code</translation>
    </message>
    <message>
        <source>штрихкод товара</source>
        <translation>product barcode</translation>
    </message>
    <message>
        <source>код маркировки</source>
        <translation>marking code</translation>
    </message>
    <message>
        <source>штрихкод маркировки отправления Ozon</source>
        <translation>Ozon posting label barcode</translation>
    </message>
    <message>
        <source>стикер Wildberries</source>
        <translation>Wildberries sticker</translation>
    </message>
    <message>
        <source>штрихкод товара Ozon</source>
        <translation>Ozon product barcode</translation>
    </message>
    <message>
        <source>неизвестный штрихкод</source>
        <translation>unknown barcode</translation>
    </message>
    <message>
        <source>Не понимаю сумму «{text}»: введите рубли, например 1234,50</source>
        <translation>Cannot read the amount &quot;{text}&quot;: enter roubles, e.g. 1234,50</translation>
    </message>
    <message>
        <source>ожидается</source>
        <translation>expected</translation>
    </message>
    <message>
        <source>принято</source>
        <translation>received</translation>
    </message>
    <message>
        <source>на хранении</source>
        <translation>stored</translation>
    </message>
    <message>
        <source>выдано</source>
        <translation>handed over</translation>
    </message>
    <message>
        <source>не пришло</source>
        <translation>not arrived</translation>
    </message>
    <message>
        <source>пришло без накладной</source>
        <translation>arrived without a waybill</translation>
    </message>
    <message>
        <source>отказ</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>размещено</source>
        <translation>put away</translation>
    </message>
    <message>
        <source>перемещено</source>
        <translation>moved</translation>
    </message>
    <message>
        <source>срок хранения истёк</source>
        <translation>storage expired</translation>
    </message>
    <message>
        <source>хранение продлено</source>
        <translation>storage extended</translation>
    </message>
    <message>
        <source>отправлено в возврат</source>
        <translation>sent to return</translation>
    </message>
    <message>
        <source>возврат от покупателя</source>
        <translation>customer return</translation>
    </message>
    <message>
        <source>упаковано в возвратную тару</source>
        <translation>packed into a return box</translation>
    </message>
    <message>
        <source>аннулировано</source>
        <translation>annulled</translation>
    </message>
    <message>
        <source>отдано на примерку</source>
        <translation>handed over for fitting</translation>
    </message>
    <message>
        <source>принято с примерки</source>
        <translation>taken back from fitting</translation>
    </message>
    <message>
        <source>загружено с сервера</source>
        <translation>loaded from the server</translation>
    </message>
    <message>
        <source>обновлено с сервера</source>
        <translation>updated from the server</translation>
    </message>
    <message>
        <source>отказ выделен в отдельное отправление</source>
        <translation>refusal split into its own parcel</translation>
    </message>
    <message>
        <source>повторный скан</source>
        <translation>repeated scan</translation>
    </message>
    <message>
        <source>оплата</source>
        <translation>payment</translation>
    </message>
    <message>
        <source>записан брак</source>
        <translation>defect recorded</translation>
    </message>
    <message>
        <source>повторный скан в поставке</source>
        <translation>repeated scan in a supply</translation>
    </message>
    <message>
        <source>нет в поставке</source>
        <translation>not in the supply</translation>
    </message>
    <message>
        <source>снова не принято к отправке</source>
        <translation>refused at drop-off again</translation>
    </message>
    <message>
        <source>отсканировано для курьера</source>
        <translation>scanned for the courier</translation>
    </message>
    <message>
        <source>убрано из передачи курьеру</source>
        <translation>taken off the courier handover</translation>
    </message>
    <message>
        <source>другое событие</source>
        <translation>other event</translation>
    </message>
    <message>
        <source>к возврату</source>
        <translation>to return</translation>
    </message>
    <message>
        <source>в возвратной таре</source>
        <translation>in a return box</translation>
    </message>
    <message>
        <source>передано перевозчику</source>
        <translation>handed to the carrier</translation>
    </message>
    <message>
        <source>утеряно</source>
        <translation>lost</translation>
    </message>
    <message>
        <source>на примерке</source>
        <translation>in the fitting room</translation>
    </message>
    <message>
        <source>заявлено к отправке</source>
        <translation>announced for sending</translation>
    </message>
    <message>
        <source>принято к отправке</source>
        <translation>taken in to send</translation>
    </message>
    <message>
        <source>в мешке на отправку</source>
        <translation>in an outbound bag</translation>
    </message>
    <message>
        <source>передано курьеру</source>
        <translation>handed to the courier</translation>
    </message>
    <message>
        <source>не принято к отправке</source>
        <translation>refused at drop-off</translation>
    </message>
    <message>
        <source>принять</source>
        <translation>receive</translation>
    </message>
    <message>
        <source>отметить как не пришедшее</source>
        <translation>mark as not arrived</translation>
    </message>
    <message>
        <source>оприходовать</source>
        <translation>register</translation>
    </message>
    <message>
        <source>разместить</source>
        <translation>put away</translation>
    </message>
    <message>
        <source>переместить</source>
        <translation>move</translation>
    </message>
    <message>
        <source>выдать</source>
        <translation>hand over</translation>
    </message>
    <message>
        <source>оформить отказ</source>
        <translation>record a refusal</translation>
    </message>
    <message>
        <source>отметить истёкшим</source>
        <translation>mark as expired</translation>
    </message>
    <message>
        <source>продлить хранение</source>
        <translation>extend storage</translation>
    </message>
    <message>
        <source>отправить в возврат</source>
        <translation>send to return</translation>
    </message>
    <message>
        <source>принять возврат</source>
        <translation>take the return</translation>
    </message>
    <message>
        <source>упаковать в возвратную тару</source>
        <translation>pack into a return box</translation>
    </message>
    <message>
        <source>вынуть из возвратной тары</source>
        <translation>take out of the return box</translation>
    </message>
    <message>
        <source>передать перевозчику</source>
        <translation>hand to the carrier</translation>
    </message>
    <message>
        <source>отметить утерянным</source>
        <translation>mark as lost</translation>
    </message>
    <message>
        <source>отметить найденным</source>
        <translation>mark as found</translation>
    </message>
    <message>
        <source>принять к отправке</source>
        <translation>take in to send</translation>
    </message>
    <message>
        <source>отказать в приёме к отправке</source>
        <translation>refuse at drop-off</translation>
    </message>
    <message>
        <source>положить в мешок на отправку</source>
        <translation>put into an outbound bag</translation>
    </message>
    <message>
        <source>вынуть из мешка на отправку</source>
        <translation>take out of the outbound bag</translation>
    </message>
    <message>
        <source>передать курьеру</source>
        <translation>hand to the courier</translation>
    </message>
    <message>
        <source>аннулировать</source>
        <translation>annul</translation>
    </message>
    <message>
        <source>отдать на примерку</source>
        <translation>hand over for fitting</translation>
    </message>
    <message>
        <source>принять с примерки</source>
        <translation>take back from fitting</translation>
    </message>
    <message>
        <source>Нельзя {action}: {what} в статусе «{current}».</source>
        <translation>Cannot {action}: {what} is &quot;{current}&quot;.</translation>
    </message>
    <message>
        <source>Накладная {number} уже закрыта: приёмка по ней завершена.</source>
        <translation>Waybill {number} is already closed: its receiving is finished.</translation>
    </message>
    <message>
        <source>Сначала откройте накладную {number}: отсканируйте её штрихкод.</source>
        <translation>Open waybill {number} first: scan its barcode.</translation>
    </message>
    <message>
        <source>Грузоместо {code} принято</source>
        <translation>Package {code} received</translation>
    </message>
    <message>
        <source>Грузоместо {code} уже было отсканировано</source>
        <translation>Package {code} was already scanned</translation>
    </message>
    <message>
        <source>Грузоместо {code} не указано в накладной {number}</source>
        <translation>Package {code} is not on waybill {number}</translation>
    </message>
    <message>
        <source>Штрихкод «{code}» не распознан: сохранён в «Зависшие ШК»</source>
        <translation>Barcode &quot;{code}&quot; not recognised: kept in &quot;Unknown barcodes&quot;</translation>
    </message>
    <message>
        <source>Отправления {posting} нет в накладной: принято как излишек</source>
        <translation>Parcel {posting} is not on the waybill: received as surplus</translation>
    </message>
    <message>
        <source>Принято: {posting}</source>
        <translation>Received: {posting}</translation>
    </message>
    <message>
        <source>Принято: {posting} (числится в другой накладной)</source>
        <translation>Received: {posting} (listed on another waybill)</translation>
    </message>
    <message>
        <source>Повторный скан: {posting} уже принято</source>
        <translation>Repeated scan: {posting} is already received</translation>
    </message>
    <message>
        <source>{shipment}. Повторно принять его нельзя.</source>
        <translation>{shipment}. It cannot be received again.</translation>
    </message>
    <message>
        <source>Грузоместо {barcode} уже принято по другой накладной.</source>
        <translation>Package {barcode} was already received with another waybill.</translation>
    </message>
    <message>
        <source>Накладная {number} ещё не открыта: нечего закрывать.</source>
        <translation>Waybill {number} is not open yet: nothing to close.</translation>
    </message>
    <message>
        <source>Мешок {barcode} уже передан курьеру: откройте новый мешок.</source>
        <translation>Bag {barcode} was already handed to the courier: open a new bag.</translation>
    </message>
    <message>
        <source>Отправление {posting_number} уже лежит в мешке {name}.</source>
        <translation>Parcel {posting_number} is already in bag {name}.</translation>
    </message>
    <message>
        <source>Отправление {posting_number} в статусе «{status}»: в мешок кладутся только принятые к отправке.</source>
        <translation>Parcel {posting_number} is &quot;{status}&quot;: only parcels taken in to send go into a bag.</translation>
    </message>
    <message>
        <source>Отправление {posting_number} идёт по маршруту {route}, а мешок {barcode} — по маршруту {route2}: возьмите другой мешок.</source>
        <translation>Parcel {posting_number} goes by route {route}, bag {barcode} by route {route2}: take another bag.</translation>
    </message>
    <message>
        <source>Отправления {posting_number} нет в мешке {barcode}.</source>
        <translation>Parcel {posting_number} is not in bag {barcode}.</translation>
    </message>
    <message>
        <source>Код отправки {code} не найден: посылка не оформлена в приложении или ещё не пришла с сервера.</source>
        <translation>Send code {code} not found: the parcel was not registered in the app or has not come from the server yet.</translation>
    </message>
    <message>
        <source>{code} — не посылка C2C этого пункта.</source>
        <translation>{code} is not a C2C parcel of this point.</translation>
    </message>
    <message>
        <source>Посылка {posting_number} уже {status}: второй раз не принять.</source>
        <translation>Parcel {posting_number} is already {status}: it cannot be taken in twice.</translation>
    </message>
    <message>
        <source>Укажите причину отказа: её увидит отправитель.</source>
        <translation>Give the reason of the refusal: the sender will see it.</translation>
    </message>
    <message>
        <source>Взвесьте посылку: положите её на весы или введите вес вручную.</source>
        <translation>Weigh the parcel: put it on the scale or type the weight.</translation>
    </message>
    <message>
        <source>Вес ещё меняется: подождите, пока весы успокоятся, и примите снова.</source>
        <translation>The weight is still changing: wait for the scale to settle and take it in again.</translation>
    </message>
    <message>
        <source>Отправление {posting}: {status}, мешок {bag}</source>
        <translation>Parcel {posting}: {status}, bag {bag}</translation>
    </message>
    <message>
        <source>Отправление {posting} не заявлено к отправке через этот пункт.</source>
        <translation>Parcel {posting} is not announced for sending through this point.</translation>
    </message>
    <message>
        <source>Отправление {posting} не из отправки: {status}.</source>
        <translation>Parcel {posting} is not an outbound one: {status}.</translation>
    </message>
    <message>
        <source>Поставка {number} не заявлена продавцом для этого пункта: принять её нельзя. Попросите продавца оформить поставку в личном кабинете.</source>
        <translation>Supply {number} was not announced by the seller for this point: it cannot be taken in. Ask the seller to register the supply in their account.</translation>
    </message>
    <message>
        <source>Мешок {barcode} не открыт на этом пункте: сначала откройте его.</source>
        <translation>Bag {barcode} is not open at this point: open it first.</translation>
    </message>
    <message>
        <source>Передача курьеру {code} не назначена этому пункту: проверьте код у курьера.</source>
        <translation>Courier handover {code} is not assigned to this point: check the code with the courier.</translation>
    </message>
    <message>
        <source>Передача курьеру {code} уже закрыта (акт {act_number}).</source>
        <translation>Courier handover {code} is already closed (act {act_number}).</translation>
    </message>
    <message>
        <source>Мешок {barcode} уже передан курьеру.</source>
        <translation>Bag {barcode} was already handed to the courier.</translation>
    </message>
    <message>
        <source>Мешок {barcode} пуст: передавать нечего.</source>
        <translation>Bag {barcode} is empty: nothing to hand over.</translation>
    </message>
    <message>
        <source>Мешок {barcode} идёт по маршруту {route}, а курьер {courier} забирает маршрут {route2}: этот мешок не для него.</source>
        <translation>Bag {barcode} goes by route {route}, courier {courier} collects route {route2}: this bag is not for them.</translation>
    </message>
    <message>
        <source>Отправление {posting_number} лежит в мешке {value}: сканируйте мешок.</source>
        <translation>Parcel {posting_number} is in bag {value}: scan the bag.</translation>
    </message>
    <message>
        <source>Отправление {posting_number} в статусе «{status}»: передать его нельзя.</source>
        <translation>Parcel {posting_number} is &quot;{status}&quot;: it cannot be handed over.</translation>
    </message>
    <message>
        <source>Отправление {posting_number} идёт по маршруту {route}, а курьер {courier} забирает маршрут {route2}: оно не для этого курьера.</source>
        <translation>Parcel {posting_number} goes by route {route}, courier {courier} collects route {route2}: it is not for this courier.</translation>
    </message>
    <message>
        <source>{code} не отсканирован для курьера {courier}: убирать нечего.</source>
        <translation>{code} was not scanned for courier {courier}: nothing to take off.</translation>
    </message>
    <message>
        <source>Отсканируйте мешки или посылки, которые забирает курьер.</source>
        <translation>Scan the bags or parcels the courier takes.</translation>
    </message>
    <message>
        <source>Поставка {number} уже закрыта: её акт выдан. Новые отправления — новой поставкой.</source>
        <translation>Supply {number} is already closed: its act is issued. New parcels go with a new supply.</translation>
    </message>
    <message>
        <source>Поставка {number} не открыта: сначала отсканируйте код поставки.</source>
        <translation>Supply {number} is not open: scan the supply code first.</translation>
    </message>
    <message>
        <source>{code} уже отмечено как не из поставки.</source>
        <translation>{code} is already marked as not from the supply.</translation>
    </message>
    <message>
        <source>{code} нет в поставке {number}: верните продавцу, в акте оно будет отмечено.</source>
        <translation>{code} is not in supply {number}: give it back to the seller, the act will list it.</translation>
    </message>
    <message>
        <source>Принято {code}</source>
        <translation>Taken in: {code}</translation>
    </message>
    <message>
        <source>Отправление {code} уже не принято: {value}. Верните его продавцу.</source>
        <translation>Parcel {code} was already refused: {value}. Give it back to the seller.</translation>
    </message>
    <message>
        <source>{code} уже принято ({status}).</source>
        <translation>{code} is already taken in ({status}).</translation>
    </message>
    <message>
        <source>из поставки {number} ({seller})</source>
        <translation>from supply {number} ({seller})</translation>
    </message>
    <message>
        <source>посылка C2C, не из поставки</source>
        <translation>a C2C parcel, not from a supply</translation>
    </message>
    <message>
        <source>Отправление {posting_number} {where}, а открыта поставка {number}: отложите его.</source>
        <translation>Parcel {posting_number} is {where}, while supply {number} is open: put it aside.</translation>
    </message>
    <message>
        <source>Укажите причину отказа: она попадёт в акт для продавца.</source>
        <translation>Give the reason of the refusal: it goes into the seller&apos;s act.</translation>
    </message>
    <message>
        <source>Не принято {code}: {reason}</source>
        <translation>Refused {code}: {reason}</translation>
    </message>
    <message>
        <source>Продление хранения — от 1 до {most} дней, а не {days}.</source>
        <translation>Storage is extended by 1 to {most} days, not {days}.</translation>
    </message>
    <message>
        <source>Отправление {posting} уже снято с полки для возврата: продлить хранение нельзя.</source>
        <translation>Parcel {posting} is already off the shelf for return: storage cannot be extended.</translation>
    </message>
    <message>
        <source>Хранение {posting} уже продлевали (продлений: {used} из {most}): больше продлить нельзя.</source>
        <translation>Storage of {posting} was already extended ({used} of {most}): it cannot be extended again.</translation>
    </message>
    <message>
        <source>Продление хранения {posting} до {until:%d.%m.%Y %H:%M} уже истекло: отправление остаётся в возврате.</source>
        <translation>The storage extension of {posting} until {until:%d.%m.%Y %H:%M} has run out: the parcel stays in return.</translation>
    </message>
    <message>
        <source>{one} или {other}</source>
        <translation>{one} or {other}</translation>
    </message>
    <message>
        <source>не распознан</source>
        <translation>not recognised</translation>
    </message>
    <message>
        <source>Ожидался штрихкод: {wanted}. Отсканировано «{code}» ({got}).</source>
        <translation>Expected barcode: {wanted}. Scanned &quot;{code}&quot; ({got}).</translation>
    </message>
    <message>
        <source>Отправление {posting} не найдено в базе пункта.</source>
        <translation>Parcel {posting} is not in the point&apos;s records.</translation>
    </message>
    <message>
        <source>Ячейка {code} не заведена на этом пункте.</source>
        <translation>Cell {code} does not exist at this point.</translation>
    </message>
    <message>
        <source>Накладная {number} не найдена. Проверьте номер или дождитесь синхронизации.</source>
        <translation>Waybill {number} not found. Check the number or wait for the sync.</translation>
    </message>
    <message>
        <source>идёт</source>
        <translation>running</translation>
    </message>
    <message>
        <source>приостановлена</source>
        <translation>paused</translation>
    </message>
    <message>
        <source>применена</source>
        <translation>applied</translation>
    </message>
    <message>
        <source>Инвентаризация №{session_id} не найдена.</source>
        <translation>Stocktaking no. {session_id} not found.</translation>
    </message>
    <message>
        <source>Инвентаризация №{id} уже применена: начните новую.</source>
        <translation>Stocktaking no. {id} is already applied: start a new one.</translation>
    </message>
    <message>
        <source>Инвентаризация №{id} ещё не завершена ({status}): продолжите или примените её.</source>
        <translation>Stocktaking no. {id} is not finished ({status}): continue or apply it.</translation>
    </message>
    <message>
        <source>На пункте не заведено ни одной ячейки: считать нечего.</source>
        <translation>The point has no cells: nothing to count.</translation>
    </message>
    <message>
        <source>Зоны {items} нет на пункте. Есть зоны: {items2}.</source>
        <translation>Zone {items} is not at this point. Zones: {items2}.</translation>
    </message>
    <message>
        <source>Инвентаризация №{id} {status}.</source>
        <translation>Stocktaking no. {id}: {status}.</translation>
    </message>
    <message>
        <source>{posting}: излишек — нет в базе пункта</source>
        <translation>{posting}: surplus — not in the point&apos;s records</translation>
    </message>
    <message>
        <source>{posting}: не в своей ячейке, числится в {booked}</source>
        <translation>{posting}: in the wrong cell, booked in {booked}</translation>
    </message>
    <message>
        <source>{posting}: на месте</source>
        <translation>{posting}: in place</translation>
    </message>
    <message>
        <source>{posting}: числилось утерянным — найдено</source>
        <translation>{posting}: was lost — found</translation>
    </message>
    <message>
        <source>{posting}: излишек — статус «{label}»</source>
        <translation>{posting}: surplus — status &quot;{label}&quot;</translation>
    </message>
    <message>
        <source>{posting}: статус «{label}» — проверьте, почему оно на полке</source>
        <translation>{posting}: status &quot;{label}&quot; — check why it is on the shelf</translation>
    </message>
    <message>
        <source>Инвентаризация №{id} приостановлена: продолжите её, чтобы сканировать.</source>
        <translation>Stocktaking no. {id} is paused: continue it to scan.</translation>
    </message>
    <message>
        <source>Ячейка {code} не входит в инвентаризацию (зоны {items}).</source>
        <translation>Cell {code} is not part of the stocktaking (zones {items}).</translation>
    </message>
    <message>
        <source>Ячейка {code}: сканируйте отправления в ней (уже посчитано {done})</source>
        <translation>Cell {code}: scan the parcels in it ({done} counted so far)</translation>
    </message>
    <message>
        <source>Сначала отсканируйте ячейку, затем отправления в ней.</source>
        <translation>Scan a cell first, then the parcels in it.</translation>
    </message>
    <message>
        <source>{posting} уже посчитано в {code}</source>
        <translation>{posting} is already counted in {code}</translation>
    </message>
    <message>
        <source>В инвентаризации №{id} не посчитано ни одной ячейки: применять нечего.</source>
        <translation>No cell was counted in stocktaking no. {id}: nothing to apply.</translation>
    </message>
    <message>
        <source>картой</source>
        <translation>by card</translation>
    </message>
    <message>
        <source>наличными</source>
        <translation>in cash</translation>
    </message>
    <message>
        <source>предоплачено</source>
        <translation>prepaid</translation>
    </message>
    <message>
        <source>К оплате {due}: выберите способ оплаты — картой или наличными.</source>
        <translation>To pay {due}: choose the payment, card or cash.</translation>
    </message>
    <message>
        <source>Получено {tendered}, а к оплате {due}.</source>
        <translation>Tendered {tendered}, but {due} is due.</translation>
    </message>
    <message>
        <source>По карте списывается ровно сумма к оплате.</source>
        <translation>A card pays exactly the amount due.</translation>
    </message>
    <message>
        <source>не подошёл размер</source>
        <translation>wrong size</translation>
    </message>
    <message>
        <source>брак</source>
        <translation>defective</translation>
    </message>
    <message>
        <source>не соответствует описанию</source>
        <translation>not as described</translation>
    </message>
    <message>
        <source>передумал</source>
        <translation>changed their mind</translation>
    </message>
    <message>
        <source>повреждено</source>
        <translation>damaged</translation>
    </message>
    <message>
        <source>покупатель отменил, поддержка подтвердила</source>
        <translation>cancelled by the customer, confirmed by support</translation>
    </message>
    <message>
        <source>не тот товар</source>
        <translation>wrong item</translation>
    </message>
    <message>
        <source>другое</source>
        <translation>other</translation>
    </message>
    <message>
        <source>Укажите причину аннулирования: {labels}.</source>
        <translation>Give the reason for the annulment: {labels}.</translation>
    </message>
    <message>
        <source>Причина «другое»: напишите, почему отправление аннулируется.</source>
        <translation>Reason &quot;other&quot;: write why the parcel is annulled.</translation>
    </message>
    <message>
        <source>Аннулировать отправление может только владелец пункта: пусть владелец войдёт за кассу («Сменить сотрудника…») и подтвердит.</source>
        <translation>Only the point&apos;s owner can annul a parcel: let the owner log in at this counter (&quot;Switch employee…&quot;) and confirm.</translation>
    </message>
    <message>
        <source>Аннулировать можно только отправление на хранении, а {posting} — «{status}».</source>
        <translation>Only a stored parcel can be annulled, and {posting} is &quot;{status}&quot;.</translation>
    </message>
    <message>
        <source>Поиск по коду заблокирован на {seconds} с: введено {failures} неверных кодов подряд. Попросите покупателя открыть код в приложении.</source>
        <translation>Code lookup is locked for {seconds} s: {failures} wrong codes in a row. Ask the customer to open the code in the app.</translation>
    </message>
    <message>
        <source>Код получения покупателя {customer} не подходит или устарел: попросите показать сегодняшний код.</source>
        <translation>The pickup code of customer {customer} does not match or is out of date: ask for today&apos;s code.</translation>
    </message>
    <message>
        <source>Укажите причину отказа: {labels}.</source>
        <translation>Give the reason of the refusal: {labels}.</translation>
    </message>
    <message>
        <source>Причина отказа «другое»: напишите, почему покупатель отказывается.</source>
        <translation>Reason &quot;other&quot;: write why the customer refuses.</translation>
    </message>
    <message>
        <source>Отправление {posting} не в списке к выдаче.</source>
        <translation>Parcel {posting} is not in the list to hand over.</translation>
    </message>
    <message>
        <source>Отправление {posting} не найдено. Не выдавайте его.</source>
        <translation>Parcel {posting} not found. Do not hand it over.</translation>
    </message>
    <message>
        <source>{posting} — с примерки другого покупателя ({name}): открыта его карточка.</source>
        <translation>{posting} is from another customer&apos;s fitting ({name}): their card is open.</translation>
    </message>
    <message>
        <source> Верните его в ячейку {cell}.</source>
        <translation> Put it back into cell {cell}.</translation>
    </message>
    <message>
        <source>СТОП! {posting} — отправление ДРУГОГО покупателя. Не выдавайте его.{where}</source>
        <translation>STOP! {posting} belongs to ANOTHER customer. Do not hand it over.{where}</translation>
    </message>
    <message>
        <source>{shipment}. Выдать его нельзя.</source>
        <translation>{shipment}. It cannot be handed over.</translation>
    </message>
    <message>
        <source>Отправление {posting} не требует проверки возраста.</source>
        <translation>Parcel {posting} needs no age check.</translation>
    </message>
    <message>
        <source>В отправлении {posting} нет строк {lines}.</source>
        <translation>Parcel {posting} has no lines {lines}.</translation>
    </message>
    <message>
        <source>Отсканируйте отправления, которые выдаёте покупателю.</source>
        <translation>Scan the parcels you hand to the customer.</translation>
    </message>
    <message>
        <source>Проверьте паспорт: отправление {posting} 18+. Подтвердите проверку возраста.</source>
        <translation>Check the ID: parcel {posting} is 18+. Confirm the age check.</translation>
    </message>
    <message>
        <source>Покупатель {customer} не найден.</source>
        <translation>Customer {customer} not found.</translation>
    </message>
    <message>
        <source>Отправление {posting} не принадлежит этому покупателю.</source>
        <translation>Parcel {posting} does not belong to this customer.</translation>
    </message>
    <message>
        <source>Отправление {posting} уже не на хранении (статус «{status}»). Обновите карточку покупателя.</source>
        <translation>Parcel {posting} is no longer stored (status &quot;{status}&quot;). Refresh the customer&apos;s card.</translation>
    </message>
    <message>
        <source>Начальная дата позже конечной.</source>
        <translation>The start date is after the end date.</translation>
    </message>
    <message>
        <source>Журнал цел: проверено записей — {checked}.</source>
        <translation>The ledger is intact: {checked} records checked.</translation>
    </message>
    <message>
        <source>Журнал нарушен, начиная с записи №{first_broken_id}: {reason}.</source>
        <translation>The ledger is broken from record no. {first_broken_id}: {reason}.</translation>
    </message>
    <message>
        <source>ссылка на предыдущую запись не совпадает</source>
        <translation>the link to the previous record does not match</translation>
    </message>
    <message>
        <source>содержимое записи изменено</source>
        <translation>the record&apos;s contents were changed</translation>
    </message>
    <message>
        <source>Свободных ячеек нет</source>
        <translation>No free cells</translation>
    </message>
    <message>
        <source>там уже лежат заказы этого покупателя</source>
        <translation>this customer&apos;s orders are already there</translation>
    </message>
    <message>
        <source>самая свободная</source>
        <translation>the emptiest</translation>
    </message>
    <message>
        <source>Положите в ячейку {code} ({why})</source>
        <translation>Put it into cell {code} ({why})</translation>
    </message>
    <message>
        <source>Отправление {posting} уже лежит в ячейке {code}.</source>
        <translation>Parcel {posting} is already in cell {code}.</translation>
    </message>
    <message>
        <source>Отправление {posting} пришло без накладной: его нельзя размещать, пока оно не оприходовано.</source>
        <translation>Parcel {posting} arrived without a waybill: it cannot be put away until it is registered.</translation>
    </message>
    <message>
        <source> Свободна ячейка {cell}.</source>
        <translation> Cell {cell} is free.</translation>
    </message>
    <message>
        <source>Ячейка {code} заполнена ({used} из {capacity}).{hint}</source>
        <translation>Cell {code} is full ({used} of {capacity}).{hint}</translation>
    </message>
    <message>
        <source>Переместить можно только отправление на хранении: {posting} ещё не размещено.</source>
        <translation>Only a stored parcel can be moved: {posting} is not put away yet.</translation>
    </message>
    <message>
        <source>Ячейка {code}: сканируйте отправления для неё</source>
        <translation>Cell {code}: scan the parcels for it</translation>
    </message>
    <message>
        <source>{shipment}. Размещать его не нужно.</source>
        <translation>{shipment}. It needs no putting away.</translation>
    </message>
    <message>
        <source>{code}: {message}, затем отсканируйте ячейку</source>
        <translation>{code}: {message}, then scan the cell</translation>
    </message>
    <message>
        <source>открыта</source>
        <translation>open</translation>
    </message>
    <message>
        <source>запечатана</source>
        <translation>sealed</translation>
    </message>
    <message>
        <source>передана перевозчику</source>
        <translation>handed to the carrier</translation>
    </message>
    <message>
        <source>Возвратная тара {barcode} на этом пункте не найдена. Новую тару открывает «F3 Новая тара» (её этикетка печатается сразу).</source>
        <translation>Return box {barcode} not found at this point. &quot;F3 New box&quot; opens a new one (its label is printed at once).</translation>
    </message>
    <message>
        <source>Тара {barcode} {status}: менять её содержимое нельзя. Откройте новую тару.</source>
        <translation>Box {barcode} is {status}: its contents cannot change. Open a new box.</translation>
    </message>
    <message>
        <source>Отправление {posting_number} уже лежит в таре {barcode}.</source>
        <translation>Parcel {posting_number} is already in box {barcode}.</translation>
    </message>
    <message>
        <source>Отправление {posting_number} в статусе «{status}»: в возвратную тару кладутся только отправления «к возврату».</source>
        <translation>Parcel {posting_number} is &quot;{status}&quot;: only parcels &quot;to return&quot; go into a return box.</translation>
    </message>
    <message>
        <source>Отправления {posting_number} нет в таре {barcode}.</source>
        <translation>Parcel {posting_number} is not in box {barcode}.</translation>
    </message>
    <message>
        <source>Тара {barcode} пуста: запечатывать нечего.</source>
        <translation>Box {barcode} is empty: nothing to seal.</translation>
    </message>
    <message>
        <source>Укажите курьера, которому передаёте тару: его имя попадёт в акт.</source>
        <translation>Name the courier you hand the boxes to: the name goes into the act.</translation>
    </message>
    <message>
        <source>Отсканируйте хотя бы одну запечатанную тару для передачи.</source>
        <translation>Scan at least one sealed box to hand over.</translation>
    </message>
    <message>
        <source>Тара {code} {status}: передать можно только запечатанную.</source>
        <translation>Box {code} is {status}: only a sealed box can be handed over.</translation>
    </message>
    <message>
        <source>возврат принят</source>
        <translation>return taken</translation>
    </message>
    <message>
        <source>в возврате отказано</source>
        <translation>return refused</translation>
    </message>
    <message>
        <source>в приёме возврата отказано</source>
        <translation>return refused at the counter</translation>
    </message>
    <message>
        <source>товар повреждён или утратил товарный вид</source>
        <translation>the goods are damaged or lost their presentation</translation>
    </message>
    <message>
        <source>неполная комплектация</source>
        <translation>incomplete set</translation>
    </message>
    <message>
        <source>товар не совпадает с заявкой</source>
        <translation>the goods do not match the request</translation>
    </message>
    <message>
        <source>причина не подтверждается</source>
        <translation>the reason is not confirmed</translation>
    </message>
    <message>
        <source>Заявка {code} не найдена. Проверьте номер или дождитесь синхронизации.</source>
        <translation>Request {code} not found. Check the number or wait for the sync.</translation>
    </message>
    <message>
        <source>По отправлению {code} нет заявки на возврат: покупатель оформляет её в приложении, затем покажите её штрихкод RT-…</source>
        <translation>Parcel {code} has no return request: the customer files one in the app, then shows its RT-… barcode</translation>
    </message>
    <message>
        <source>Заявка {number} уже рассмотрена: {request_status}.</source>
        <translation>Request {number} is already decided: {request_status}.</translation>
    </message>
    <message>
        <source>{shipment}. Возврат принимается только по выданному отправлению.</source>
        <translation>{shipment}. A return is taken only for a parcel that was handed over.</translation>
    </message>
    <message>
        <source>Укажите причину отказа в приёме возврата: она будет напечатана в квитанции покупателю.</source>
        <translation>Give the reason for refusing the return: it is printed on the customer&apos;s receipt.</translation>
    </message>
    <message>
        <source>Принять возврат нельзя: {items}. Оформите отказ с причиной.</source>
        <translation>The return cannot be taken: {items}. Record a refusal with its reason.</translation>
    </message>
    <message>
        <source>В заявке {number} есть товар, которого нет в выданном отправлении {posting_number}: «{unknown_items}». Принять такой возврат нельзя.</source>
        <translation>Request {number} lists goods that were not in the handed-over parcel {posting_number}: &quot;{unknown_items}&quot;. Such a return cannot be taken.</translation>
    </message>
    <message>
        <source>Откройте смену (F2): выдача, приёмка и приём возвратов — только в открытой смене.</source>
        <translation>Open the shift (F2): handing over, receiving and taking returns need an open shift.</translation>
    </message>
    <message>
        <source>Смена уже открыта на этой кассе с {since:%d.%m.%Y %H:%M}: закройте её, прежде чем открыть новую.</source>
        <translation>A shift is already open at this counter since {since:%d.%m.%Y %H:%M}: close it before opening a new one.</translation>
    </message>
    <message>
        <source>Смена на этой кассе не открыта: закрывать нечего.</source>
        <translation>No shift is open at this counter: nothing to close.</translation>
    </message>
    <message>
        <source>Смена не найдена.</source>
        <translation>Shift not found.</translation>
    </message>
    <message>
        <source>Смена на этой кассе не открыта.</source>
        <translation>No shift is open at this counter.</translation>
    </message>
    <message>
        <source>Отправление: не пришло, не найдено, излишек</source>
        <translation>Parcel: not arrived, not found, surplus</translation>
    </message>
    <message>
        <source>Повреждение или вскрытие</source>
        <translation>Damaged or opened</translation>
    </message>
    <message>
        <source>Возврат</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Оплата и касса</source>
        <translation>Payment and till</translation>
    </message>
    <message>
        <source>Оборудование и программа</source>
        <translation>Equipment and software</translation>
    </message>
    <message>
        <source>Другое</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>ждёт ответа</source>
        <translation>awaiting reply</translation>
    </message>
    <message>
        <source>есть ответ</source>
        <translation>answered</translation>
    </message>
    <message>
        <source>закрыто</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>Заполните {what}.</source>
        <translation>Fill in {what}.</translation>
    </message>
    <message>
        <source>Слишком длинно: {what} — не больше {limit} знаков, сейчас {length}.</source>
        <translation>Too long: {what} takes at most {limit} characters, now {length}.</translation>
    </message>
    <message>
        <source>Обращение не найдено: возможно, оно ещё не пришло с сервера.</source>
        <translation>Ticket not found: it may not have come from the server yet.</translation>
    </message>
    <message>
        <source>Обращение «{subject}» закрыто: создайте новое.</source>
        <translation>Ticket &quot;{subject}&quot; is closed: create a new one.</translation>
    </message>
    <message>
        <source>тему обращения</source>
        <translation>the subject of the request</translation>
    </message>
    <message>
        <source>текст обращения</source>
        <translation>the text of the request</translation>
    </message>
    <message>
        <source>Неизвестная категория обращения «{category}».</source>
        <translation>Unknown ticket category &quot;{category}&quot;.</translation>
    </message>
    <message>
        <source>текст сообщения</source>
        <translation>the text of the message</translation>
    </message>
    <message>
        <source>не разобран</source>
        <translation>open</translation>
    </message>
    <message>
        <source>сопоставлен</source>
        <translation>matched</translation>
    </message>
    <message>
        <source>списан</source>
        <translation>written off</translation>
    </message>
    <message>
        <source>Пустой штрихкод не сохраняется.</source>
        <translation>An empty barcode is not kept.</translation>
    </message>
    <message>
        <source>Зависший штрихкод №{scan_id} не найден.</source>
        <translation>Unknown barcode no. {scan_id} not found.</translation>
    </message>
    <message>
        <source>Штрихкод «{code}» уже разобран: {status}.</source>
        <translation>Barcode &quot;{code}&quot; is already resolved: {status}.</translation>
    </message>
    <message>
        <source>Укажите, почему штрихкод списывается: например, «рекламная наклейка».</source>
        <translation>Say why the barcode is written off: e.g. &quot;advertising sticker&quot;.</translation>
    </message>
    <message>
        <source>{shipment}. Оприходовать его не нужно.</source>
        <translation>{shipment}. It needs no registering.</translation>
    </message>
    <message>
        <source>Отправление {posting}: {status}, ячейка {cell}</source>
        <translation>Parcel {posting}: {status}, cell {cell}</translation>
    </message>
    <message>
        <source>Отправление {posting}: {status}</source>
        <translation>Parcel {posting}: {status}</translation>
    </message>
    <message>
        <source>сетевой принтер</source>
        <translation>network printer</translation>
    </message>
    <message>
        <source>принтер на COM-порту</source>
        <translation>serial printer</translation>
    </message>
    <message>
        <source>USB-принтер</source>
        <translation>USB printer</translation>
    </message>
    <message>
        <source>принтер Windows</source>
        <translation>Windows printer</translation>
    </message>
    <message>
        <source>файл</source>
        <translation>file</translation>
    </message>
    <message>
        <source>Принтер готов</source>
        <translation>Printer ready</translation>
    </message>
    <message>
        <source>Бумага заканчивается: приготовьте новый рулон</source>
        <translation>Paper is running out: have a new roll ready</translation>
    </message>
    <message>
        <source>В принтере закончилась бумага</source>
        <translation>The printer is out of paper</translation>
    </message>
    <message>
        <source>Открыта крышка принтера</source>
        <translation>The printer cover is open</translation>
    </message>
    <message>
        <source>Принтер не отвечает: проверьте, что он включён и подключён</source>
        <translation>The printer does not answer: check that it is on and connected</translation>
    </message>
    <message>
        <source>Ошибка принтера: проверьте нож и бумагу, выключите и включите принтер</source>
        <translation>Printer error: check the cutter and the paper, switch the printer off and on</translation>
    </message>
    <message>
        <source>Состояние принтера не проверяется (файл или принтер Windows)</source>
        <translation>The printer&apos;s state is not checked (a file or a Windows printer)</translation>
    </message>
    <message>
        <source>{one}, {other}</source>
        <translation>{one}, {other}</translation>
    </message>
    <message>
        <source>ячейка {cell}, 18+</source>
        <translation>cell {cell}, 18+</translation>
    </message>
    <message>
        <source>ячейка {cell}</source>
        <translation>cell {cell}</translation>
    </message>
    <message>
        <source>чужая посылка (ячейка {cell}): проверка</source>
        <translation>another customer&apos;s parcel (cell {cell}): a check</translation>
    </message>
    <message>
        <source>Посылки покупателя у кассы</source>
        <translation>Parcels of the customer at the counter</translation>
    </message>
    <message>
        <source>Накладная</source>
        <translation>Waybill</translation>
    </message>
    <message>
        <source>{courier}, ожидается отправлений: {n}</source>
        <translation>{courier}, parcels expected: {n}</translation>
    </message>
    <message>
        <source>Приёмка по {waybill}</source>
        <translation>Receiving {waybill}</translation>
    </message>
    <message>
        <source>Размещение</source>
        <translation>Put away</translation>
    </message>
    <message>
        <source>принято, ждёт ячейку</source>
        <translation>received, waiting for a cell</translation>
    </message>
    <message>
        <source>ячейка, занято {used} из {capacity}</source>
        <translation>cell, {used} of {capacity} taken</translation>
    </message>
    <message>
        <source>Коды получения</source>
        <translation>Pickup codes</translation>
    </message>
    <message>
        <source>{name}: к выдаче {n}</source>
        <translation>{name}: {n} to hand over</translation>
    </message>
    <message>
        <source>Заявки на возврат</source>
        <translation>Return requests</translation>
    </message>
    <message>
        <source>по отправлению {posting}</source>
        <translation>for parcel {posting}</translation>
    </message>
    <message>
        <source>Возвратная тара</source>
        <translation>Return boxes</translation>
    </message>
    <message>
        <source>открытая тара</source>
        <translation>open box</translation>
    </message>
    <message>
        <source>к возврату, ячейка {cell}</source>
        <translation>to return, cell {cell}</translation>
    </message>
    <message>
        <source>Прочее</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>поставка продавца {seller}</source>
        <translation>supply of seller {seller}</translation>
    </message>
    <message>
        <source>отправление поставки</source>
        <translation>parcel of the supply</translation>
    </message>
    <message>
        <source>лишнее: нет в поставке</source>
        <translation>extra: not in the supply</translation>
    </message>
    <message>
        <source>посылка C2C, размер {size}, к оплате</source>
        <translation>C2C parcel, size {size}, to pay</translation>
    </message>
    <message>
        <source>посылка C2C, размер {size}</source>
        <translation>C2C parcel, size {size}</translation>
    </message>
    <message>
        <source>принято, в мешок или курьеру</source>
        <translation>taken in, into a bag or to the courier</translation>
    </message>
    <message>
        <source>открытый мешок</source>
        <translation>open bag</translation>
    </message>
    <message>
        <source>{courier}, маршрут {route}</source>
        <translation>{courier}, route {route}</translation>
    </message>
    <message>
        <source>Отправка</source>
        <translation>Drop-off</translation>
    </message>
    <message>
        <source>ожидает</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>идёт приёмка</source>
        <translation>receiving</translation>
    </message>
    <message>
        <source>закрыта</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>Нет места на диске: операция не сохранена. Освободите место — касса продолжит работу сама, без перезапуска</source>
        <translation>No space left on the disk: the operation was not saved. Free some space and the counter carries on by itself, without a restart</translation>
    </message>
    <message>
        <source>Адрес сервера «{url}» не подходит: нужен адрес вида https://сервер:порт.</source>
        <translation>The server address &quot;{url}&quot; does not fit: it must look like https://server:port.</translation>
    </message>
    <message>
        <source>Адрес сервера «{url}» не подходит: в нём не должно быть имени, пароля, «?» и «#».</source>
        <translation>The server address &quot;{url}&quot; does not fit: it must have no user name, password, &quot;?&quot; or &quot;#&quot;.</translation>
    </message>
    <message>
        <source>Адрес сервера «{url}» не защищён: нужен https://. По http:// пароли, вход и данные покупателей шли бы по сети открытым текстом; http:// допустим только для этого компьютера (127.0.0.1, [::1], localhost).</source>
        <translation>The server address &quot;{url}&quot; is not secure: it must be https://. Over http:// passwords, logins and customers&apos; data would cross the network in the clear; http:// is allowed for this computer only (127.0.0.1, [::1], localhost).</translation>
    </message>
    <message>
        <source>Укажите название пункта.</source>
        <translation>Enter the point&apos;s name.</translation>
    </message>
    <message>
        <source>Укажите адрес пункта.</source>
        <translation>Enter the point&apos;s address.</translation>
    </message>
    <message>
        <source>Укажите имя владельца.</source>
        <translation>Enter the owner&apos;s name.</translation>
    </message>
    <message>
        <source>Название и имя — не длиннее {limit} знаков.</source>
        <translation>The name of the point and of the owner: {limit} characters at most.</translation>
    </message>
    <message>
        <source>Пароль — не короче {length} знаков.</source>
        <translation>The password must have at least {length} characters.</translation>
    </message>
    <message>
        <source>Пароли не совпадают: введите один и тот же пароль дважды.</source>
        <translation>The passwords differ: type the same password twice.</translation>
    </message>
    <message>
        <source>Пункт уже настроен: войдите под своим именем.</source>
        <translation>The point is already set up: log in under your name.</translation>
    </message>
    <message>
        <source>Сервер входа не сообщил свои адреса (код {status}). Попробуйте позже.</source>
        <translation>The login server did not give its addresses (code {status}). Try again later.</translation>
    </message>
    <message>
        <source>Сервер входа прислал неполные сведения о себе. Обратитесь к администратору сервера.</source>
        <translation>The login server sent incomplete information about itself. Ask the server&apos;s administrator.</translation>
    </message>
    <message>
        <source>Сервер входа называет себя {issuer}, а не {url}. Проверьте адрес сервера в настройках.</source>
        <translation>The login server calls itself {issuer}, not {url}. Check the server address in the settings.</translation>
    </message>
    <message>
        <source>Сервер входа не поддерживает PKCE S256: вход с ним небезопасен.</source>
        <translation>The login server does not support PKCE S256: logging in there is not safe.</translation>
    </message>
    <message>
        <source>Сервер {url} не отвечает: проверьте адрес, порт и сеть и попробуйте ещё раз.</source>
        <translation>The server {url} does not answer: check the address, the port and the network and try again.</translation>
    </message>
    <message>
        <source>По адресу {url} отвечает не центральный сервер ПВЗ: проверьте адрес и порт.</source>
        <translation>What answers at {url} is not a PVZ central server: check the address and the port.</translation>
    </message>
    <message>
        <source>получен код без настроенного префикса, он пропущен</source>
        <translation>a code came without the configured prefix and was skipped</translation>
    </message>
    <message>
        <source>получен слишком длинный код (больше {limit} байт), он пропущен</source>
        <translation>a code too long (over {limit} bytes) came and was skipped</translation>
    </message>
    <message>
        <source>модуль {name} библиотеки hidapi не загрузился: {error}</source>
        <translation>the hidapi module {name} did not load: {error}</translation>
    </message>
    <message>
        <source>{one}; {other}</source>
        <translation>{one}; {other}</translation>
    </message>
    <message>
        <source>найден, но работает не в режиме HID-POS; переключите его в HID-POS или настройте как клавиатурный (wedge)</source>
        <translation>found, but not in HID-POS mode; switch it to HID-POS or set it up as a keyboard scanner (wedge)</translation>
    </message>
    <message>
        <source>получен обрывок отчёта HID</source>
        <translation>a broken HID report came</translation>
    </message>
    <message>
        <source>в отчёте HID указана длина {length} байт, больше, чем в нём помещается</source>
        <translation>the HID report gives a length of {length} bytes, more than it can hold</translation>
    </message>
    <message>
        <source>отчёт HID обрезан, код пропущен</source>
        <translation>the HID report is cut short, the code was skipped</translation>
    </message>
    <message>
        <source>Сканер {name} закрыт</source>
        <translation>Scanner {name} closed</translation>
    </message>
    <message>
        <source>Сканер {name}: внутренняя ошибка, сканер остановлен</source>
        <translation>Scanner {name}: internal error, the scanner is stopped</translation>
    </message>
    <message>
        <source>Сканер {name}: {problem}</source>
        <translation>Scanner {name}: {problem}</translation>
    </message>
    <message>
        <source>Сканер {name}: устройство открыто</source>
        <translation>Scanner {name}: device opened</translation>
    </message>
    <message>
        <source>Сканер {name}: монопольный доступ получен</source>
        <translation>Scanner {name}: exclusive access taken</translation>
    </message>
    <message>
        <source>Сканер {name} снова подключён</source>
        <translation>Scanner {name} connected again</translation>
    </message>
    <message>
        <source>Сканер {name} готов</source>
        <translation>Scanner {name} ready</translation>
    </message>
    <message>
        <source>Сканер {name} отключён</source>
        <translation>Scanner {name} disconnected</translation>
    </message>
    <message>
        <source>Сканер {name} занят другой программой</source>
        <translation>Scanner {name} is used by another program</translation>
    </message>
    <message>
        <source>Нет прав на доступ к сканеру {name}</source>
        <translation>No permission to use scanner {name}</translation>
    </message>
    <message>
        <source>Сканер {name} не найден</source>
        <translation>Scanner {name} not found</translation>
    </message>
    <message>
        <source>Сканер {name} указан дважды</source>
        <translation>Scanner {name} is listed twice</translation>
    </message>
    <message>
        <source>в режиме клавиатуры</source>
        <translation>in keyboard mode</translation>
    </message>
    <message>
        <source>Неизвестный тип сканера «{url}»: ожидается serial://…, hid://… или wedge</source>
        <translation>Unknown scanner type &quot;{url}&quot;: expected serial://…, hid://… or wedge</translation>
    </message>
    <message>
        <source>Не разобрать параметры сканера «{url}»</source>
        <translation>Cannot read the scanner&apos;s parameters in &quot;{url}&quot;</translation>
    </message>
    <message>
        <source>В адресе сканера «{url}» не указан порт, например serial:///dev/ttyACM0 или serial://COM3</source>
        <translation>The scanner address &quot;{url}&quot; has no port, e.g. serial:///dev/ttyACM0 or serial://COM3</translation>
    </message>
    <message>
        <source>Скорость порта сканера «{url}» должна быть положительным числом, например baud=9600</source>
        <translation>The scanner port speed in &quot;{url}&quot; must be a positive number, e.g. baud=9600</translation>
    </message>
    <message>
        <source>Неизвестный протокол подтверждения сканера «{ack}» в «{url}»; допустимо: {allowed}</source>
        <translation>Unknown scanner acknowledgement protocol &quot;{ack}&quot; in &quot;{url}&quot;; allowed: {allowed}</translation>
    </message>
    <message>
        <source>ack_timeout в «{url}» имеет смысл только вместе с ack=…</source>
        <translation>ack_timeout in &quot;{url}&quot; makes sense only together with ack=…</translation>
    </message>
    <message>
        <source>ack_timeout в «{url}» — это секунды от 0 до 60, например ack_timeout=10</source>
        <translation>ack_timeout in &quot;{url}&quot; is seconds from 0 to 60, e.g. ack_timeout=10</translation>
    </message>
    <message>
        <source>Неизвестный способ доступа к HID «{backend}»: допустимо hid или hidraw</source>
        <translation>Unknown HID access method &quot;{backend}&quot;: allowed are hid or hidraw</translation>
    </message>
    <message>
        <source>В адресе сканера «{url}» ожидается VID:PID в шестнадцатеричном виде, например 0c2e:0b8f</source>
        <translation>The scanner address &quot;{url}&quot; needs VID:PID in hexadecimal, e.g. 0c2e:0b8f</translation>
    </message>
    <message>
        <source>Неизвестный параметр сканера «{name}» в «{url}»; допустимы: {allowed}</source>
        <translation>Unknown scanner parameter &quot;{name}&quot; in &quot;{url}&quot;; allowed: {allowed}</translation>
    </message>
    <message>
        <source>База данных кассы повреждена ({problem}): запись в неё остановлена</source>
        <translation>The counter&apos;s database is damaged ({problem}): nothing more is written to it</translation>
    </message>
    <message>
        <source>Выдача {op} не найдена в журнале.</source>
        <translation>Issuance {op} is not in the ledger.</translation>
    </message>
    <message>
        <source>USB-COM: эмуляция последовательного порта</source>
        <translation>USB-COM: serial port emulation</translation>
    </message>
    <message>
        <source>Суффикс CR после каждого кода</source>
        <translation>CR suffix after every code</translation>
    </message>
    <message>
        <source>Honeywell: HID-POS и «Host ACK On» — коды напечатаны картинками, их содержимого в документации нет</source>
        <translation>Honeywell: HID-POS and «Host ACK On» — printed as pictures, their content is not in the documents</translation>
    </message>
    <message>
        <source>Newland: руководства (NLS-HR42, HR52) печатают текст кода под ним (например @UPAAD50), но страниц с кодами интерфейса, суффикса CR и сброса среди доступных нет</source>
        <translation>Newland: the user guides (NLS-HR42, HR52) print each code&apos;s text under it (e.g. @UPAAD50), but the pages with the interface, CR suffix and defaults codes are not among those available</translation>
    </message>
    <message>
        <source>Mertech: документов с содержимым кодов (или о том, что модель — Newland) не найдено</source>
        <translation>Mertech: no document found giving the codes&apos; content (or saying the model is a Newland)</translation>
    </message>
    <message>
        <source>Zebra (Symbol) DS/LS: содержимое кодов настройки не найдено в доступной документации</source>
        <translation>Zebra (Symbol) DS/LS: the setup codes’ content was not found in the documentation reached</translation>
    </message>
    <message>
        <source>Соединение не установлено, на сервер ничего не отправлено.</source>
        <translation>No connection was made; nothing was sent to the server.</translation>
    </message>
    <message>
        <source>Файл сертификатов «{path}» не читается ({reason}). Проверьте «Настройки → Сервер → Сертификаты».</source>
        <translation>The certificates file &quot;{path}&quot; cannot be read ({reason}). Check &quot;Settings → Server → Server certificates&quot;.</translation>
    </message>
    <message>
        <source>Сертификат сервера {host} просрочен.</source>
        <translation>The certificate of the server {host} has expired.</translation>
    </message>
    <message>
        <source>Сертификат сервера {host} ещё не действует: проверьте дату и время на этом компьютере.</source>
        <translation>The certificate of the server {host} is not valid yet: check the date and time of this computer.</translation>
    </message>
    <message>
        <source>Сертификат сервера выдан не для {host}: проверьте адрес сервера в настройках.</source>
        <translation>The server&apos;s certificate was not issued for {host}: check the server address in the settings.</translation>
    </message>
    <message>
        <source>Сертификат сервера {host} выдан неизвестным центром сертификации. Если у пункта свой центр сертификации, укажите его файл в «Настройки → Сервер → Сертификаты».</source>
        <translation>The certificate of the server {host} was issued by an unknown certificate authority. If the point has its own certificate authority, name its file in &quot;Settings → Server → Server certificates&quot;.</translation>
    </message>
    <message>
        <source>Защищённое соединение с сервером {host} не установлено ({detail}).</source>
        <translation>No secure connection to the server {host} ({detail}).</translation>
    </message>
    <message>
        <source>{problem} {nothing_sent}</source>
        <translation>{problem} {nothing_sent}</translation>
    </message>
    <message>
        <source>повреждена упаковка</source>
        <translation>damaged packaging</translation>
    </message>
    <message>
        <source>повреждён товар</source>
        <translation>damaged goods</translation>
    </message>
    <message>
        <source>некомплект</source>
        <translation>incomplete</translation>
    </message>
    <message>
        <source>намокло</source>
        <translation>wet</translation>
    </message>
    <message>
        <source>Фото {name} больше {mb} МБ: уменьшите его.</source>
        <translation>Photo {name} is larger than {mb} MB: make it smaller.</translation>
    </message>
    <message>
        <source>Фото {name} не прочитано: {error}</source>
        <translation>Photo {name} could not be read: {error}</translation>
    </message>
    <message>
        <source>{name} — не изображение: нужен снимок JPEG или PNG.</source>
        <translation>{name} is not an image: a JPEG or PNG picture is needed.</translation>
    </message>
    <message>
        <source>Укажите, что не так: {labels}.</source>
        <translation>Say what is wrong: {labels}.</translation>
    </message>
    <message>
        <source>Брак «другое»: опишите его словами.</source>
        <translation>Defect &quot;other&quot;: describe it in words.</translation>
    </message>
    <message>
        <source>Не больше {n} фото в одной записи о браке.</source>
        <translation>At most {n} photos in one defect record.</translation>
    </message>
    <message>
        <source>{shipment}: брак «{place}» так не записать.</source>
        <translation>{shipment}: a &quot;{place}&quot; defect cannot be recorded for it.</translation>
    </message>
    <message>
        <source>Отправление {posting} не найдено.</source>
        <translation>Parcel {posting} not found.</translation>
    </message>
    <message>
        <source>СТОП! {posting} — отправление ДРУГОГО покупателя. Не отдавайте его.</source>
        <translation>STOP! {posting} belongs to ANOTHER customer. Do not hand it over.</translation>
    </message>
    <message>
        <source>Отсканируйте отправления, которые покупатель берёт на примерку.</source>
        <translation>Scan the parcels the customer takes to the fitting room.</translation>
    </message>
    <message>
        <source>На примерку отдаётся только отправление на хранении, а {posting} — «{status}».</source>
        <translation>Only a stored parcel goes to the fitting room, and {posting} is &quot;{status}&quot;.</translation>
    </message>
    <message>
        <source>Отправление {posting} не на примерке (статус «{status}»).</source>
        <translation>Parcel {posting} is not in the fitting room (status &quot;{status}&quot;).</translation>
    </message>
    <message>
        <source>Отправление {posting} не на примерке (статус «{status}»): для выдачи отсканируйте код получения покупателя.</source>
        <translation>Parcel {posting} is not in the fitting room (status &quot;{status}&quot;): to hand it over, scan the customer&apos;s pickup code.</translation>
    </message>
    <message>
        <source>в карточке покупателя</source>
        <translation>in the customer card</translation>
    </message>
    <message>
        <source>отказ при выдаче</source>
        <translation>refused at issuance</translation>
    </message>
    <message>
        <source>приёмка</source>
        <translation>acceptance</translation>
    </message>
    <message>
        <source>приём к отправке</source>
        <translation>drop-off</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>О программе</source>
        <translation>About</translation>
    </message>
    <message>
        <source>PVZ Desktop — программа пункта выдачи заказов</source>
        <translation>PVZ Desktop — the pickup point counter</translation>
    </message>
    <message>
        <source>Версия:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>Схема базы данных:</source>
        <translation>Database schema:</translation>
    </message>
    <message>
        <source>Папка данных:</source>
        <translation>Data folder:</translation>
    </message>
    <message>
        <source>Журнал работы:</source>
        <translation>Log file:</translation>
    </message>
    <message>
        <source>Стойка:</source>
        <translation>Counter:</translation>
    </message>
    <message>
        <source>Сообщая о неполадке в поддержку, приложите файл журнала работы.</source>
        <translation>When you report a problem to support, attach the log file.</translation>
    </message>
</context>
<context>
    <name>AcceptancePage</name>
    <message>
        <source>Приёмка</source>
        <translation>Receiving</translation>
    </message>
    <message>
        <source>Накладная {number}: сканируйте грузоместа и отправления, F10 — закрыть</source>
        <translation>Waybill {number}: scan packages and parcels, F10 closes it</translation>
    </message>
    <message>
        <source>Сверка с накладной</source>
        <translation>Check against the waybill</translation>
    </message>
    <message>
        <source>ожидается</source>
        <translation>expected</translation>
    </message>
    <message>
        <source>принято</source>
        <translation>received</translation>
    </message>
    <message>
        <source>не хватает</source>
        <translation>missing</translation>
    </message>
    <message>
        <source>излишки</source>
        <translation>surplus</translation>
    </message>
    <message>
        <source>повторные сканы</source>
        <translation>repeat scans</translation>
    </message>
    <message>
        <source>Отправления</source>
        <translation>Shipments</translation>
    </message>
    <message>
        <source>Грузоместа</source>
        <translation>Packages</translation>
    </message>
    <message>
        <source>Сканы</source>
        <translation>Scans</translation>
    </message>
    <message>
        <source>Накладная</source>
        <translation>Waybill</translation>
    </message>
    <message>
        <source>Статус</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Открытые накладные (Enter — открыть)</source>
        <translation>Open waybills (Enter opens)</translation>
    </message>
    <message>
        <source>F3 Открыть выбранную</source>
        <translation>F3 Open selected</translation>
    </message>
    <message>
        <source>F10 Закрыть накладную</source>
        <translation>F10 Close waybill</translation>
    </message>
    <message>
        <source>F5 Обновить</source>
        <translation>F5 Refresh</translation>
    </message>
    <message>
        <source>F8 Акты расхождений…</source>
        <translation>F8 Discrepancy acts…</translation>
    </message>
    <message>
        <source>F6 Брак (фото)…</source>
        <translation>F6 Defect (photos)…</translation>
    </message>
    <message>
        <source>Накладная {number}: ожидается {n} отправлений, {p} грузомест. Сканируйте.</source>
        <translation>Waybill {number}: {n} shipments and {p} packages expected. Start scanning.</translation>
    </message>
    <message>
        <source>Закрыть накладную {number}?
Принято {r} из {e}.</source>
        <translation>Close waybill {number}?
Received {r} of {e}.</translation>
    </message>
    <message>
        <source>Не отсканировано {n}: они будут отмечены как не пришедшие.</source>
        <translation>{n} not scanned: they will be marked as missing.</translation>
    </message>
    <message>
        <source>Закрытие накладной</source>
        <translation>Closing the waybill</translation>
    </message>
    <message>
        <source>Накладная {number} закрыта без расхождений</source>
        <translation>Waybill {number} closed with no discrepancies</translation>
    </message>
    <message>
        <source>Накладная {number} закрыта: принято {r} из {e}, излишки {u}, повторные сканы {d}.</source>
        <translation>Waybill {number} closed: received {r} of {e}, surplus {u}, repeat scans {d}.</translation>
    </message>
    <message>
        <source>Не пришли</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>Излишки</source>
        <translation>Surplus</translation>
    </message>
    <message>
        <source>Грузоместа не пришли</source>
        <translation>Missing packages</translation>
    </message>
    <message>
        <source>Лишние грузоместа</source>
        <translation>Surplus packages</translation>
    </message>
    <message>
        <source>Отсканируйте накладную (TN-…) или выберите её в списке</source>
        <translation>Scan the waybill (TN-…) or pick it from the list</translation>
    </message>
    <message>
        <source>F7 Зависшие ШК…</source>
        <translation>F7 Unknown barcodes…</translation>
    </message>
    <message>
        <source>Накладная {number} закрыта, составлен акт расхождений: подпишите оба экземпляра</source>
        <translation>Waybill {number} closed with a discrepancy act: sign both copies</translation>
    </message>
    <message>
        <source>Приёмка по накладной {number}</source>
        <translation>Receiving waybill {number}</translation>
    </message>
</context>
<context>
    <name>AnnulDialog</name>
    <message>
        <source>Аннулировать отправление</source>
        <translation>Annul the parcel</translation>
    </message>
    <message>
        <source>Отправление {posting} уйдёт в возврат. Подтверждает владелец пункта, вошедший за кассу.</source>
        <translation>Parcel {posting} goes to return. The point&apos;s owner, logged in at this counter, confirms it.</translation>
    </message>
    <message>
        <source>Причина:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>повреждено</source>
        <translation>damaged</translation>
    </message>
    <message>
        <source>покупатель отменил, поддержка подтвердила</source>
        <translation>cancelled by the customer, confirmed by support</translation>
    </message>
    <message>
        <source>не тот товар</source>
        <translation>wrong item</translation>
    </message>
    <message>
        <source>другое</source>
        <translation>other</translation>
    </message>
    <message>
        <source>подробнее (для «другое» — обязательно)</source>
        <translation>details (required for &quot;other&quot;)</translation>
    </message>
</context>
<context>
    <name>CardTabs</name>
    <message>
        <source>Отправление</source>
        <translation>Shipment</translation>
    </message>
    <message>
        <source>Где сейчас</source>
        <translation>Where it is now</translation>
    </message>
    <message>
        <source>Накладная</source>
        <translation>Waybill</translation>
    </message>
    <message>
        <source>В накладной от</source>
        <translation>Waybill of</translation>
    </message>
    <message>
        <source>Итог</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Когда</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Сотрудник</source>
        <translation>Employee</translation>
    </message>
    <message>
        <source>F8 Чек выдачи ещё раз</source>
        <translation>F8 Pickup slip again</translation>
    </message>
    <message>
        <source>Пункт</source>
        <translation>Point</translation>
    </message>
    <message>
        <source>Адрес</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Статус</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Хранится до</source>
        <translation>Kept until</translation>
    </message>
    <message>
        <source>Готово к выдаче ({n})</source>
        <translation>Ready for pickup ({n})</translation>
    </message>
    <message>
        <source>В пути ({n})</source>
        <translation>In transit ({n})</translation>
    </message>
    <message>
        <source>Завершено ({n})</source>
        <translation>Completed ({n})</translation>
    </message>
    <message>
        <source>Другие пункты</source>
        <translation>Other points</translation>
    </message>
    <message>
        <source>Откройте вкладку: заказы покупателя на других пунктах спросим у сервера</source>
        <translation>Open the tab to ask the server for the customer&apos;s orders at other points</translation>
    </message>
    <message>
        <source>Ждут покупателя на других пунктах: {n}</source>
        <translation>Waiting for the customer at other points: {n}</translation>
    </message>
    <message>
        <source>На других пунктах заказов покупателя нет</source>
        <translation>The customer has no orders at other points</translation>
    </message>
    <message>
        <source>Спрашиваем сервер…</source>
        <translation>Asking the server…</translation>
    </message>
</context>
<context>
    <name>CounterDevices</name>
    <message>
        <source>Весы на связи</source>
        <translation>Scale connected</translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <source>Принтер: просмотр на экране</source>
        <translation>Printer: on-screen preview</translation>
    </message>
    <message>
        <source>Сотрудник: {name}</source>
        <translation>Employee: {name}</translation>
    </message>
    <message>
        <source>Синхронизация: база недоступна</source>
        <translation>Sync: database unavailable</translation>
    </message>
    <message>
        <source>Время примерки вышло: {name} — отпр. на примерке: {n}</source>
        <translation>Fitting time is up: {name} — parcels in the fitting room: {n}</translation>
    </message>
    <message>
        <source>Примерка {name} заканчивается в {time}</source>
        <translation>{name}&apos;s fitting ends at {time}</translation>
    </message>
    <message>
        <source>{name} — просрочено {n} мин</source>
        <translation>{name} — {n} min over</translation>
    </message>
    <message>
        <source>{name} — {n} мин</source>
        <translation>{name} — {n} min</translation>
    </message>
    <message>
        <source>Примерка: {who}</source>
        <translation>Fitting: {who}</translation>
    </message>
    <message>
        <source>Отклонено: {n} — открыть</source>
        <translation>Refused: {n} — open</translation>
    </message>
    <message>
        <source>Смена не открыта</source>
        <translation>Shift not open</translation>
    </message>
    <message>
        <source>Смена с {time}</source>
        <translation>Shift since {time}</translation>
    </message>
    <message>
        <source>сервер не настроен</source>
        <translation>no server set</translation>
    </message>
    <message>
        <source>ещё не было связи</source>
        <translation>not connected yet</translation>
    </message>
    <message>
        <source>отправлено в {time}</source>
        <translation>sent at {time}</translation>
    </message>
    <message>
        <source>Синхронизация: {state} · в очереди {n}</source>
        <translation>Sync: {state} · {n} queued</translation>
    </message>
    <message>
        <source> · отклонено {n}</source>
        <translation> · {n} refused</translation>
    </message>
    <message>
        <source>Синхронизация: {state}</source>
        <translation>Sync: {state}</translation>
    </message>
    <message>
        <source>Нужен вход: синхронизация остановлена</source>
        <translation>Sign-in needed: sync stopped</translation>
    </message>
    <message>
        <source>Нет места на диске — синхронизация ждёт</source>
        <translation>Disk full — sync is waiting</translation>
    </message>
    <message>
        <source>Подключение к серверу…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <source>Сертификат сервера не принят — работаем локально</source>
        <translation>Server certificate refused — working locally</translation>
    </message>
    <message>
        <source>Нет связи с сервером — работаем локально</source>
        <translation>No connection to the server — working locally</translation>
    </message>
    <message>
        <source>Синхронизировано в {time}</source>
        <translation>Synced at {time}</translation>
    </message>
    <message>
        <source>Синхронизировано</source>
        <translation>Synced</translation>
    </message>
    <message>
        <source>, в очереди: {n}</source>
        <translation>, {n} queued</translation>
    </message>
    <message>
        <source>Сканер: не настроен</source>
        <translation>Scanner: not set up</translation>
    </message>
    <message>
        <source>{source}: ожидание</source>
        <translation>{source}: waiting</translation>
    </message>
    <message>
        <source>Сканеры — {list}</source>
        <translation>Scanners — {list}</translation>
    </message>
    <message>
        <source>Ящик открыт</source>
        <translation>Drawer open</translation>
    </message>
    <message>
        <source>Ящик закрыт</source>
        <translation>Drawer closed</translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>Произошла ошибка программы. Работу можно продолжать; запись сохранена в журнал.</source>
        <translation>A program error occurred. You can keep working; it has been written to the log.</translation>
    </message>
    <message>
        <source>Ошибка</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>DamagedDatabaseDialog</name>
    <message>
        <source>База данных повреждена</source>
        <translation>The database is damaged</translation>
    </message>
    <message>
        <source>Проверка при запуске нашла повреждение файла базы данных кассы. Файл не открыт для записи и сохранён без изменений как {name}.</source>
        <translation>The check at start found the counter&apos;s database file damaged. The file was not opened for writing and is kept unchanged as {name}.</translation>
    </message>
    <message>
        <source>Можно восстановить базу с сервера: данные пункта загрузятся заново, неотправленные операции будут отправлены.</source>
        <translation>The database can be rebuilt from the server: the point&apos;s data is loaded again and the operations not yet sent are sent.</translation>
    </message>
    <message>
        <source>Сервер не настроен, восстановить базу с него нельзя. Обратитесь к администратору: сохранённый файл нужен для восстановления.</source>
        <translation>No server is set up, so the database cannot be rebuilt from it. Call your administrator: the kept file is needed for the recovery.</translation>
    </message>
    <message>
        <source>Восстановить с сервера</source>
        <translation>Rebuild from the server</translation>
    </message>
    <message>
        <source>Закрыть программу</source>
        <translation>Close the program</translation>
    </message>
    <message>
        <source>Очередь операций для сервера прочитать не удалось: операции, сделанные после последней синхронизации, придётся повторить.</source>
        <translation>The queue of operations for the server could not be read: operations made since the last sync will have to be made again.</translation>
    </message>
    <message>
        <source>Операций, ещё не отправленных на сервер, прочитано и будет сохранено: {n}.</source>
        <translation>Operations not yet sent to the server that were read and will be kept: {n}.</translation>
    </message>
    <message>
        <source>Все записи очереди прочитаны.</source>
        <translation>Every queue record was read.</translation>
    </message>
    <message>
        <source>Не удалось прочитать записей очереди: {n} (№ {ids}); если среди них были неотправленные операции, их придётся повторить.</source>
        <translation>Queue records that could not be read: {n} (No. {ids}); any unsent operations among them will have to be made again.</translation>
    </message>
</context>
<context>
    <name>DefectDialog</name>
    <message>
        <source>Брак: {posting}</source>
        <translation>Defect: {posting}</translation>
    </message>
    <message>
        <source>Что не так:</source>
        <translation>What is wrong:</translation>
    </message>
    <message>
        <source>повреждена упаковка</source>
        <translation>damaged packaging</translation>
    </message>
    <message>
        <source>повреждён товар</source>
        <translation>damaged goods</translation>
    </message>
    <message>
        <source>некомплект</source>
        <translation>incomplete</translation>
    </message>
    <message>
        <source>намокло</source>
        <translation>wet</translation>
    </message>
    <message>
        <source>другое</source>
        <translation>other</translation>
    </message>
    <message>
        <source>подробнее (для «другое» — обязательно)</source>
        <translation>details (required for &quot;other&quot;)</translation>
    </message>
    <message>
        <source>Камера не найдена: добавьте фото из файла</source>
        <translation>No camera found: add photos from files</translation>
    </message>
    <message>
        <source>Добавить фото из файла…</source>
        <translation>Add photos from files…</translation>
    </message>
    <message>
        <source>F5 Снять фото</source>
        <translation>F5 Take a photo</translation>
    </message>
    <message>
        <source>Камера недоступна: не установлен Qt Multimedia (pyside6-addons). Добавьте фото из файла</source>
        <translation>No camera: Qt Multimedia (pyside6-addons) is not installed. Add photos from files</translation>
    </message>
    <message>
        <source>Камера: {name}. F5 — снять фото</source>
        <translation>Camera: {name}. F5 takes a photo</translation>
    </message>
    <message>
        <source>Камера: {error}</source>
        <translation>Camera: {error}</translation>
    </message>
    <message>
        <source>Камера ещё не готова: подождите и снимите снова</source>
        <translation>The camera is not ready yet: wait and take the photo again</translation>
    </message>
    <message>
        <source>Фото брака</source>
        <translation>Defect photos</translation>
    </message>
    <message>
        <source>Изображения (*.jpg *.jpeg *.png);;Все файлы (*)</source>
        <translation>Images (*.jpg *.jpeg *.png);;All files (*)</translation>
    </message>
    <message>
        <source>Сначала отсканируйте отправление или выберите его в списке</source>
        <translation>Scan the parcel or choose it in the list first</translation>
    </message>
    <message>
        <source>Брак записан: {posting}, фото: {n}</source>
        <translation>Defect recorded: {posting}, photos: {n}</translation>
    </message>
</context>
<context>
    <name>DefectPhotoStrip</name>
    <message>
        <source>Фото брака:</source>
        <translation>Defect photos:</translation>
    </message>
    <message>
        <source>Фото с другой стойки покажется, когда будет связь с сервером.</source>
        <translation>A photo taken at another counter will show when the server can be reached.</translation>
    </message>
    <message>
        <source>Фото нет на сервере: стойка, где его сняли, ещё не отправила его.</source>
        <translation>The photo is not on the server: the counter that took it has not sent it yet.</translation>
    </message>
    <message>
        <source>Сервер прислал не то фото (не сходится SHA-256): оно не показано.</source>
        <translation>The server sent a different photo (its SHA-256 does not match): it is not shown.</translation>
    </message>
</context>
<context>
    <name>DemoScannerDock</name>
    <message>
        <source>Виртуальный сканер (демо)</source>
        <translation>Virtual scanner (demo)</translation>
    </message>
    <message>
        <source>Щелчок — как скан этого штрихкода</source>
        <translation>A click scans this barcode</translation>
    </message>
    <message>
        <source>Штрихкод</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>Что это</source>
        <translation>What it is</translation>
    </message>
    <message>
        <source>Весы (демо)</source>
        <translation>Scale (demo)</translation>
    </message>
    <message>
        <source>положить на весы</source>
        <translation>put on the scale</translation>
    </message>
    <message>
        <source>{kg} кг</source>
        <translation>{kg} kg</translation>
    </message>
</context>
<context>
    <name>DiscrepancyActsDialog</name>
    <message>
        <source>Закрытые накладные: акты расхождений</source>
        <translation>Closed waybills: discrepancy acts</translation>
    </message>
    <message>
        <source>Накладная</source>
        <translation>Waybill</translation>
    </message>
    <message>
        <source>Принято</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Не пришло</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>Излишки</source>
        <translation>Surplus</translation>
    </message>
    <message>
        <source>Печать акта (2 экз.)</source>
        <translation>Print the act (2 copies)</translation>
    </message>
    <message>
        <source>Накладная {number} закрыта без расхождений: акта нет</source>
        <translation>Waybill {number} closed without discrepancies: there is no act</translation>
    </message>
    <message>
        <source>Акт расхождений по накладной {number} отправлен на печать</source>
        <translation>Discrepancy act of waybill {number} sent to the printer</translation>
    </message>
</context>
<context>
    <name>DropoffPage</name>
    <message>
        <source>Весы не подключены: введите вес вручную (F8)</source>
        <translation>No scale connected: type the weight (F8)</translation>
    </message>
    <message>
        <source>Отправка</source>
        <translation>Drop-off</translation>
    </message>
    <message>
        <source>Поставка {n}: сканируйте отправления, F7 — отказ, F10 — закрыть</source>
        <translation>Supply {n}: scan the parcels, F7 refuses one, F10 closes</translation>
    </message>
    <message>
        <source>Взвесьте посылку {p}: F4 — принять картой, F5 — наличными, F7 — отказ</source>
        <translation>Weigh parcel {p}: F4 take by card, F5 in cash, F7 refuse</translation>
    </message>
    <message>
        <source>Мешок {b}: сканируйте отправления</source>
        <translation>Bag {b}: scan the parcels</translation>
    </message>
    <message>
        <source>Сканируйте поставку (SP-…), код отправки (SN-…), мешок (BG-…) или код курьера (CP-…)</source>
        <translation>Scan a supply (SP-…), a send code (SN-…), a bag (BG-…) or a courier&apos;s code (CP-…)</translation>
    </message>
    <message>
        <source>Поставка</source>
        <translation>Supply</translation>
    </message>
    <message>
        <source>ожидается</source>
        <translation>expected</translation>
    </message>
    <message>
        <source>принято</source>
        <translation>received</translation>
    </message>
    <message>
        <source>не принято</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>не хватает</source>
        <translation>missing</translation>
    </message>
    <message>
        <source>нет в поставке</source>
        <translation>not in supply</translation>
    </message>
    <message>
        <source>повторные сканы</source>
        <translation>repeat scans</translation>
    </message>
    <message>
        <source>Сканы</source>
        <translation>Scans</translation>
    </message>
    <message>
        <source>Посылка и весы</source>
        <translation>Parcel and scale</translation>
    </message>
    <message>
        <source>кг, например 1,25</source>
        <translation>kg, e.g. 1.25</translation>
    </message>
    <message>
        <source>без сдачи</source>
        <translation>exact amount</translation>
    </message>
    <message>
        <source>повреждена, не та упаковка…</source>
        <translation>damaged, wrong packaging…</translation>
    </message>
    <message>
        <source>Вес вручную</source>
        <translation>Typed weight</translation>
    </message>
    <message>
        <source>Получено, ₽</source>
        <translation>Tendered, ₽</translation>
    </message>
    <message>
        <source>Причина отказа</source>
        <translation>Reason for refusal</translation>
    </message>
    <message>
        <source>F3 Новый мешок</source>
        <translation>F3 New bag</translation>
    </message>
    <message>
        <source>F4 Принять, картой</source>
        <translation>F4 Take, card</translation>
    </message>
    <message>
        <source>F5 Принять, наличными</source>
        <translation>F5 Take, cash</translation>
    </message>
    <message>
        <source>F7 Отказ</source>
        <translation>F7 Refuse</translation>
    </message>
    <message>
        <source>F8 Вес вручную</source>
        <translation>F8 Typed weight</translation>
    </message>
    <message>
        <source>F6 Брак (фото)…</source>
        <translation>F6 Defect (photos)…</translation>
    </message>
    <message>
        <source>Курьер {c}: сканируйте мешки и посылки, F7 — убрать из передачи, F10 — передать</source>
        <translation>Courier {c}: scan bags and parcels, F7 takes one off, F10 hands over</translation>
    </message>
    <message>
        <source>F10 Закрыть</source>
        <translation>F10 Close</translation>
    </message>
    <message>
        <source>Поставка {n} от {s}: ожидается {e}. Сканируйте отправления.</source>
        <translation>Supply {n} from {s}: {e} expected. Scan the parcels.</translation>
    </message>
    <message>
        <source>оплачено</source>
        <translation>paid</translation>
    </message>
    <message>
        <source>к оплате {a}</source>
        <translation>{a} to pay</translation>
    </message>
    <message>
        <source>Посылка {p}: размер {s}, {due}. Положите на весы.</source>
        <translation>Parcel {p}: size {s}, {due}. Put it on the scale.</translation>
    </message>
    <message>
        <source>Вес {w} введён вручную: так и будет записано.</source>
        <translation>Weight {w} typed by hand: recorded as typed.</translation>
    </message>
    <message>
        <source>Сначала отсканируйте код отправки посылки (SN-…).</source>
        <translation>Scan the parcel&apos;s send code (SN-…) first.</translation>
    </message>
    <message>
        <source>«Получено» — сумма в рублях, например 500.</source>
        <translation>«Tendered» is an amount in roubles, e.g. 500.</translation>
    </message>
    <message>
        <source>Не принято: {r}</source>
        <translation>Refused: {r}</translation>
    </message>
    <message>
        <source>Принято, {w}</source>
        <translation>Taken, {w}</translation>
    </message>
    <message>
        <source>, сдача {c}</source>
        <translation>, change {c}</translation>
    </message>
    <message>
        <source>Посылка {p} принята{change}. Наклейте этикетку.</source>
        <translation>Parcel {p} taken{change}. Stick the label on.</translation>
    </message>
    <message>
        <source>Отсканируйте мешок или посылку, которую курьер не забирает.</source>
        <translation>Scan the bag or parcel the courier does not take.</translation>
    </message>
    <message>
        <source>Напишите причину отказа в поле «Причина отказа».</source>
        <translation>Write the reason in «Reason for refusal».</translation>
    </message>
    <message>
        <source>Отсканируйте отправление, которое не принимаете: {r}</source>
        <translation>Scan the parcel you refuse: {r}</translation>
    </message>
    <message>
        <source>Мешок {b}: сканируйте отправления.</source>
        <translation>Bag {b}: scan the parcels.</translation>
    </message>
    <message>
        <source>в мешке {b} ({n})</source>
        <translation>in bag {b} ({n})</translation>
    </message>
    <message>
        <source>{p} — в мешок {b}</source>
        <translation>{p} into bag {b}</translation>
    </message>
    <message>
        <source>Курьер {c}, маршрут {r}: передача продолжается, отсканировано мест {n}.</source>
        <translation>Courier {c}, route {r}: handover resumed, {n} items scanned.</translation>
    </message>
    <message>
        <source>Курьер {c}, маршрут {r}: к передаче мешков {b}, посылок без мешка {l}.</source>
        <translation>Courier {c}, route {r}: {b} bags and {l} loose parcels due.</translation>
    </message>
    <message>
        <source>{c}: уже не к передаче. F7 и скан — убрать из передачи.</source>
        <translation>{c}: no longer due. Press F7 and scan it to take it off the handover.</translation>
    </message>
    <message>
        <source>{c} уже отсканирован для курьера.</source>
        <translation>{c} is already scanned for the courier.</translation>
    </message>
    <message>
        <source>курьеру: {n} отправл.</source>
        <translation>to the courier: {n} parcels</translation>
    </message>
    <message>
        <source>{c} — курьеру ({n})</source>
        <translation>{c} to the courier ({n})</translation>
    </message>
    <message>
        <source>убрано из передачи курьеру</source>
        <translation>taken off the courier handover</translation>
    </message>
    <message>
        <source>{c} убран из передачи курьеру.</source>
        <translation>{c} taken off the courier handover.</translation>
    </message>
    <message>
        <source>Закрывать нечего: откройте поставку или передачу курьеру.</source>
        <translation>Nothing to close: open a supply or a courier handover.</translation>
    </message>
    <message>
        <source>Поставка {n} закрыта: принято {r}, не хватает {m}. Акт печатается в двух экземплярах.</source>
        <translation>Supply {n} closed: {r} received, {m} missing. The act prints in two copies.</translation>
    </message>
    <message>
        <source>Передано курьеру {c}: {n} отправлений. Акт печатается в двух экземплярах.</source>
        <translation>Handed to courier {c}: {n} parcels. The act prints in two copies.</translation>
    </message>
    <message>
        <source>{w} (вручную)</source>
        <translation>{w} (typed)</translation>
    </message>
    <message>
        <source>Поставка {n} · {s}</source>
        <translation>Supply {n} · {s}</translation>
    </message>
    <message>
        <source>Посылка {p} · {who}</source>
        <translation>Parcel {p} · {who}</translation>
    </message>
    <message>
        <source>Мешок {b} · {r} · {n} отправл.</source>
        <translation>Bag {b} · {r} · {n} parcels</translation>
    </message>
    <message>
        <source>Курьер {c} · {r} · отсканировано мест: {n}</source>
        <translation>Courier {c} · {r} · {n} scanned</translation>
    </message>
    <message>
        <source>Отправка: сканируйте код</source>
        <translation>Drop-off: scan a code</translation>
    </message>
    <message>
        <source>предоплачено</source>
        <translation>prepaid</translation>
    </message>
    <message>
        <source>{p}: размер {s}, ценность {v}, {due}. Куда: {to}</source>
        <translation>{p}: size {s}, value {v}, {due}. To: {to}</translation>
    </message>
</context>
<context>
    <name>Feedback</name>
    <message>
        <source>Ошибка программы: {error}. Подробности в журнале.</source>
        <translation>Program error: {error}. See the log for details.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Первый запуск PVZ Desktop</source>
        <translation>PVZ Desktop first start</translation>
    </message>
    <message>
        <source>Настройка кассы</source>
        <translation>Setting up the counter</translation>
    </message>
    <message>
        <source>Подключите кассу к центральному серверу сети пунктов или настройте отдельный пункт без сервера.</source>
        <translation>Connect the counter to the central server of your network of points, or set up a standalone point without a server.</translation>
    </message>
    <message>
        <source>Центральный сервер</source>
        <translation>Central server</translation>
    </message>
    <message>
        <source>Отдельный пункт без сервера</source>
        <translation>Standalone point without a server</translation>
    </message>
    <message>
        <source>Адрес сервера</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>системное хранилище</source>
        <translation>the system&apos;s trust store</translation>
    </message>
    <message>
        <source>Выбрать…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Сертификаты сервера</source>
        <translation>Server certificates</translation>
    </message>
    <message>
        <source>Сертификаты (*.pem *.crt *.cer)</source>
        <translation>Certificates (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>Название пункта</source>
        <translation>Point name</translation>
    </message>
    <message>
        <source>Адрес пункта</source>
        <translation>Point address</translation>
    </message>
    <message>
        <source>Владелец (фамилия и инициал)</source>
        <translation>Owner (surname and initial)</translation>
    </message>
    <message>
        <source>Пароль владельца</source>
        <translation>Owner&apos;s password</translation>
    </message>
    <message>
        <source>Пароль ещё раз</source>
        <translation>Password again</translation>
    </message>
    <message>
        <source>Проверить и подключить</source>
        <translation>Check and connect</translation>
    </message>
    <message>
        <source>Создать пункт</source>
        <translation>Create the point</translation>
    </message>
    <message>
        <source>Укажите адрес сервера, например https://pvz.example.ru:8765.</source>
        <translation>Enter the server address, e.g. https://pvz.example.ru:8765.</translation>
    </message>
    <message>
        <source>Проверяю сервер {url}…</source>
        <translation>Checking the server {url}…</translation>
    </message>
    <message>
        <source>Проверка не удалась: {e}</source>
        <translation>The check failed: {e}</translation>
    </message>
</context>
<context>
    <name>InventoryPage</name>
    <message>
        <source>Инвентаризация</source>
        <translation>Stocktaking</translation>
    </message>
    <message>
        <source>Укажите зоны и начните инвентаризацию (F3)</source>
        <translation>Enter the zones and start the stocktaking (F3)</translation>
    </message>
    <message>
        <source>Отсканируйте ячейку, затем все отправления в ней</source>
        <translation>Scan a cell, then every parcel in it</translation>
    </message>
    <message>
        <source>Зоны через запятую (пусто — весь пункт)</source>
        <translation>Zones, comma separated (empty = whole point)</translation>
    </message>
    <message>
        <source>F3 Начать</source>
        <translation>F3 Start</translation>
    </message>
    <message>
        <source>Время</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Штрихкод</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>Результат</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>F6 Пауза</source>
        <translation>F6 Pause</translation>
    </message>
    <message>
        <source>F7 Расхождения</source>
        <translation>F7 Differences</translation>
    </message>
    <message>
        <source>F10 Применить</source>
        <translation>F10 Apply</translation>
    </message>
    <message>
        <source>Ячейки: зелёные посчитаны, серые — ещё нет</source>
        <translation>Cells: green counted, grey not yet</translation>
    </message>
    <message>
        <source>Инвентаризация №{n} начата: сканируйте ячейку, затем отправления в ней</source>
        <translation>Stocktaking #{n} started: scan a cell, then the shipments in it</translation>
    </message>
    <message>
        <source>Инвентаризация продолжена</source>
        <translation>Stocktaking resumed</translation>
    </message>
    <message>
        <source>Инвентаризация приостановлена</source>
        <translation>Stocktaking paused</translation>
    </message>
    <message>
        <source>Применить инвентаризацию №{n}?</source>
        <translation>Apply stocktaking No. {n}?</translation>
    </message>
    <message>
        <source>Станут «утеряно» (недостача): {n}</source>
        <translation>Will become &quot;lost&quot; (shortage): {n}</translation>
    </message>
    <message>
        <source>Найдено, вернутся на хранение: {n}</source>
        <translation>Found, back in storage: {n}</translation>
    </message>
    <message>
        <source>Перемещено в ячейку, где найдены: {n}</source>
        <translation>Moved to the cell they were found in: {n}</translation>
    </message>
    <message>
        <source>Ячейки, где найдено не всё (проверьте, что досчитаны до конца):</source>
        <translation>Cells where not everything was found (check they were counted to the end):</translation>
    </message>
    <message>
        <source>  {cell}: найдено {scanned} из {expected}</source>
        <translation>  {cell}: found {scanned} of {expected}</translation>
    </message>
    <message>
        <source>Не проверено ячеек: {n} — их отправления не меняются</source>
        <translation>Cells not checked: {n} — their shipments do not change</translation>
    </message>
    <message>
        <source>Инвентаризация №{n} применена: недостача {s}, найдено {f}, перемещено {m}</source>
        <translation>Stocktaking #{n} applied: {s} short, {f} found, {m} moved</translation>
    </message>
    <message>
        <source>Посчитано ячеек {c}, не посчитано {u}; ожидалось {e}, отсканировано {s}, на месте {m}.</source>
        <translation>Cells counted {c}, not counted {u}; expected {e}, scanned {s}, in place {m}.</translation>
    </message>
    <message>
        <source>Недостача</source>
        <translation>Shortage</translation>
    </message>
    <message>
        <source>Не в своей ячейке</source>
        <translation>In the wrong cell</translation>
    </message>
    <message>
        <source>Найдено</source>
        <translation>Found</translation>
    </message>
    <message>
        <source>Излишки</source>
        <translation>Surplus</translation>
    </message>
    <message>
        <source>Проверить</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Посчитано {c} из {t}</source>
        <translation>Counted {c} of {t}</translation>
    </message>
    <message>
        <source>Инвентаризация не идёт. Укажите зоны (или оставьте весь пункт) и начните.</source>
        <translation>No stocktaking in progress. Choose zones (or the whole point) and start.</translation>
    </message>
    <message>
        <source>F6 Продолжить</source>
        <translation>F6 Resume</translation>
    </message>
    <message>
        <source>весь пункт</source>
        <translation>whole point</translation>
    </message>
    <message>
        <source>Инвентаризация №{n} ({scope}): {status} · ячеек {c} из {t} · отсканировано {s}</source>
        <translation>Stocktaking #{n} ({scope}): {status} · cells {c} of {t} · scanned {s}</translation>
    </message>
    <message>
        <source>сканируйте ячейку</source>
        <translation>scan a cell</translation>
    </message>
</context>
<context>
    <name>IssuancePage</name>
    <message>
        <source>Выдача</source>
        <translation>Pickup</translation>
    </message>
    <message>
        <source>{name}: сканируйте отправления покупателя, F9 — выдать</source>
        <translation>{name}: scan the customer&apos;s parcels, F9 hands over</translation>
    </message>
    <message>
        <source>✓</source>
        <translation>✓</translation>
    </message>
    <message>
        <source>Отправление</source>
        <translation>Shipment</translation>
    </message>
    <message>
        <source>Ячейка</source>
        <translation>Cell</translation>
    </message>
    <message>
        <source>18+</source>
        <translation>18+</translation>
    </message>
    <message>
        <source>Товары</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>Хранится до</source>
        <translation>Kept until</translation>
    </message>
    <message>
        <source>К оплате</source>
        <translation>To pay</translation>
    </message>
    <message>
        <source>Оплата</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>F4 Картой</source>
        <translation>F4 Card</translation>
    </message>
    <message>
        <source>F5 Наличными</source>
        <translation>F5 Cash</translation>
    </message>
    <message>
        <source>Получено, ₽:</source>
        <translation>Tendered, ₽:</translation>
    </message>
    <message>
        <source>Получено наличными</source>
        <translation>Cash tendered</translation>
    </message>
    <message>
        <source>F6 Паспорт проверен (18+)</source>
        <translation>F6 ID checked (18+)</translation>
    </message>
    <message>
        <source>F7 Отказ от товаров</source>
        <translation>F7 Refuse items</translation>
    </message>
    <message>
        <source>F9 Выдать</source>
        <translation>F9 Hand over</translation>
    </message>
    <message>
        <source>F12 Отменить</source>
        <translation>F12 Cancel</translation>
    </message>
    <message>
        <source>F3 Продлить хранение</source>
        <translation>F3 Extend storage</translation>
    </message>
    <message>
        <source>Shift+F9 На примерку</source>
        <translation>Shift+F9 To fitting</translation>
    </message>
    <message>
        <source>Отдать отсканированные отправления покупателю на примерку</source>
        <translation>Hand the scanned parcels to the customer for fitting</translation>
    </message>
    <message>
        <source>F10 Аннулировать</source>
        <translation>F10 Annul</translation>
    </message>
    <message>
        <source>F8 Брак (фото)…</source>
        <translation>F8 Defect (photos)…</translation>
    </message>
    <message>
        <source>18+ ✓</source>
        <translation>18+ ✓</translation>
    </message>
    <message>
        <source>18+ паспорт!</source>
        <translation>18+ check ID!</translation>
    </message>
    <message>
        <source>{name}: к выдаче {n} — ячейки {cells}</source>
        <translation>{name}: {n} to hand over — cells {cells}</translation>
    </message>
    <message>
        <source>{name}: заказы ещё в пути ({n}), к выдаче ничего нет</source>
        <translation>{name}: orders still on the way ({n}), nothing to hand over</translation>
    </message>
    <message>
        <source>{name}: к выдаче ничего нет</source>
        <translation>{name}: nothing to hand over</translation>
    </message>
    <message>
        <source>✓ {posting}{where} — 18+: проверьте паспорт и нажмите F6</source>
        <translation>✓ {posting}{where} — 18+: check the ID and press F6</translation>
    </message>
    <message>
        <source>✓ {posting}{where}</source>
        <translation>✓ {posting}{where}</translation>
    </message>
    <message>
        <source>{name}: {posting} вернулось с примерки, ещё на примерке: {n}</source>
        <translation>{name}: {posting} is back from fitting, still in the fitting room: {n}</translation>
    </message>
    <message>
        <source>{name}: {posting} вернулось с примерки. Отметьте отказы (F7) и выдайте (F9)</source>
        <translation>{name}: {posting} is back from fitting. Mark refusals (F7) and hand over (F9)</translation>
    </message>
    <message>
        <source>Выберите отправление в списке «Готово к выдаче» и нажмите F3</source>
        <translation>Choose a parcel in &quot;Ready for pickup&quot; and press F3</translation>
    </message>
    <message>
        <source>Хранение {posting} продлено до {until}</source>
        <translation>Storage of {posting} extended until {until}</translation>
    </message>
    <message>
        <source>Отсканируйте отправления, которые покупатель берёт на примерку, и нажмите Shift+F9</source>
        <translation>Scan the parcels the customer takes to the fitting room and press Shift+F9</translation>
    </message>
    <message>
        <source>{name}: на примерке {n} отпр., до {time}</source>
        <translation>{name}: {n} parcel(s) in the fitting room until {time}</translation>
    </message>
    <message>
        <source>Выберите отправление в списке «Готово к выдаче» и нажмите F10</source>
        <translation>Choose a parcel in &quot;Ready for pickup&quot; and press F10</translation>
    </message>
    <message>
        <source>Выберите отправление в списке «Готово к выдаче»</source>
        <translation>Choose a parcel in &quot;Ready for pickup&quot;</translation>
    </message>
    <message>
        <source>Отправление {posting} аннулировано: в возврат</source>
        <translation>Parcel {posting} annulled: to return</translation>
    </message>
    <message>
        <source>Возраст подтверждён: {postings}</source>
        <translation>Age confirmed: {postings}</translation>
    </message>
    <message>
        <source>Отказ оформлен: товаров — {n}</source>
        <translation>Refusal recorded: {n} items</translation>
    </message>
    <message>
        <source>Выдано отправлений: {n}</source>
        <translation>Shipments handed over: {n}</translation>
    </message>
    <message>
        <source>, отказ: {n}</source>
        <translation>, refused: {n}</translation>
    </message>
    <message>
        <source>. Сдача {change}</source>
        <translation>. Change {change}</translation>
    </message>
    <message>
        <source>Чек выдачи от {when} напечатан ещё раз</source>
        <translation>The pickup slip of {when} printed again</translation>
    </message>
    <message>
        <source>Нужна связь с сервером: заказы на других пунктах видны только онлайн</source>
        <translation>Needs the server: orders at other points are shown only online</translation>
    </message>
    <message>
        <source>Выдача записывается: дождитесь «Выдано», отменить или изменить её нельзя</source>
        <translation>The hand-over is being written: wait for &quot;Issued&quot;; it can no longer be cancelled or changed</translation>
    </message>
    <message>
        <source>Выдача отменена</source>
        <translation>Pickup cancelled</translation>
    </message>
    <message>
        <source>К оплате: {amount}</source>
        <translation>To pay: {amount}</translation>
    </message>
    <message>
        <source>Не понимаю сумму</source>
        <translation>Cannot read the amount</translation>
    </message>
    <message>
        <source>Сдача: {amount}</source>
        <translation>Change: {amount}</translation>
    </message>
    <message>
        <source>Не хватает: {amount}</source>
        <translation>Short by: {amount}</translation>
    </message>
    <message>
        <source> · тел. …{last4}</source>
        <translation> · phone …{last4}</translation>
    </message>
    <message>
        <source> · на примерке: {n}</source>
        <translation> · in fitting: {n}</translation>
    </message>
    <message>
        <source>Нет посылок на хранении</source>
        <translation>No parcels in storage</translation>
    </message>
    <message>
        <source>Отсканируйте код получения покупателя</source>
        <translation>Scan the customer&apos;s pickup code</translation>
    </message>
    <message>
        <source>по отсканированным: {amount}</source>
        <translation>for the scanned ones: {amount}</translation>
    </message>
    <message>
        <source>К выдаче: {n}</source>
        <translation>To hand over: {n}</translation>
    </message>
    <message>
        <source>Время примерки вышло ({clock}): {postings} — отсканируйте вернувшиеся</source>
        <translation>Fitting time is up ({clock}): {postings} — scan those that come back</translation>
    </message>
    <message>
        <source>На примерке, осталось {clock}: {postings}</source>
        <translation>In the fitting room, {clock} left: {postings}</translation>
    </message>
    <message>
        <source>На примерке: {who} — сканируйте их код или отправление</source>
        <translation>In the fitting room: {who} — scan their code or a parcel</translation>
    </message>
    <message>
        <source>Последняя выдача: {name}, {n} отпр., {amount} ({method})</source>
        <translation>Last pickup: {name}, {n} shipments, {amount} ({method})</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <source>Отправления</source>
        <translation>Shipments</translation>
    </message>
    <message>
        <source>Поиск</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>номер или его начало</source>
        <translation>number or its beginning</translation>
    </message>
    <message>
        <source>фамилия, 4 цифры телефона или id</source>
        <translation>surname, last 4 phone digits or id</translation>
    </message>
    <message>
        <source>Отправление</source>
        <translation>Shipment</translation>
    </message>
    <message>
        <source>Заказ</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Покупатель</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>любой</source>
        <translation>any</translation>
    </message>
    <message>
        <source>Enter Найти</source>
        <translation>Enter Find</translation>
    </message>
    <message>
        <source>Статус</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Ячейка</source>
        <translation>Cell</translation>
    </message>
    <message>
        <source>Изменено с</source>
        <translation>Changed from</translation>
    </message>
    <message>
        <source>по</source>
        <translation>to</translation>
    </message>
    <message>
        <source>К оплате</source>
        <translation>To pay</translation>
    </message>
    <message>
        <source>Хранение до</source>
        <translation>Stored until</translation>
    </message>
    <message>
        <source>Выберите отправление или отсканируйте его</source>
        <translation>Select a shipment or scan it</translation>
    </message>
    <message>
        <source>Когда</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Событие</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Сотрудник</source>
        <translation>Employee</translation>
    </message>
    <message>
        <source>Подробности</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Отсканируйте отправление, чтобы увидеть его историю, или найдите его по номеру</source>
        <translation>Scan a parcel to see its history, or search for it by number</translation>
    </message>
    <message>
        <source>фото: {n}</source>
        <translation>photos: {n}</translation>
    </message>
    <message>
        <source>F8 Отправить просроченные в возврат</source>
        <translation>F8 Send overdue to return</translation>
    </message>
    <message>
        <source>F4 Сбросить</source>
        <translation>F4 Clear</translation>
    </message>
    <message>
        <source>F7 Проверить журнал</source>
        <translation>F7 Verify the ledger</translation>
    </message>
    <message>
        <source>Ячейка {cell}: отправлений {n}</source>
        <translation>Cell {cell}: {n} shipments</translation>
    </message>
    <message>
        <source>Найдено: {n}</source>
        <translation>Found: {n}</translation>
    </message>
    <message>
        <source>Показаны первые {n}: уточните условия поиска</source>
        <translation>First {n} shown: narrow the search</translation>
    </message>
    <message>
        <source>, ячейка {cell}</source>
        <translation>, cell {cell}</translation>
    </message>
    <message>
        <source> (отказ)</source>
        <translation> (refused)</translation>
    </message>
    <message>
        <source>Просрочено: {n}</source>
        <translation>Overdue: {n}</translation>
    </message>
    <message>
        <source>Срок сегодня: {n}</source>
        <translation>Due today: {n}</translation>
    </message>
    <message>
        <source>Срок завтра: {n}</source>
        <translation>Due tomorrow: {n}</translation>
    </message>
    <message>
        <source>Срок хранения истёк: {n}</source>
        <translation>Storage period over: {n}</translation>
    </message>
    <message>
        <source>Срок хранения истекает сегодня: {n}</source>
        <translation>Storage period ends today: {n}</translation>
    </message>
    <message>
        <source>Срок хранения истекает завтра: {n}</source>
        <translation>Storage period ends tomorrow: {n}</translation>
    </message>
    <message>
        <source>Отправить в возврат просроченные отправления ({n})? Они останутся в своих ячейках до упаковки.</source>
        <translation>Send the overdue shipments ({n}) to return? They stay in their cells until packed.</translation>
    </message>
    <message>
        <source>Просроченные отправления</source>
        <translation>Overdue shipments</translation>
    </message>
    <message>
        <source>В возврат отправлено: {n}</source>
        <translation>Sent to return: {n}</translation>
    </message>
    <message>
        <source>Проверяю журнал…</source>
        <translation>Verifying the ledger…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Вход</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Кто работает за кассой?</source>
        <translation>Who is at the counter?</translation>
    </message>
    <message>
        <source>Пароль</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Войти</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>владелец</source>
        <translation>owner</translation>
    </message>
    <message>
        <source>сотрудник</source>
        <translation>employee</translation>
    </message>
    <message>
        <source>Проверка пароля…</source>
        <translation>Checking the password…</translation>
    </message>
    <message>
        <source>Неверный пароль. Попробуйте ещё раз.</source>
        <translation>Wrong password. Try again.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>PVZ Desktop — {point}</source>
        <translation>PVZ Desktop — {point}</translation>
    </message>
    <message>
        <source>Штрихкод вручную, Enter</source>
        <translation>Type a barcode, Enter</translation>
    </message>
    <message>
        <source>Ввод штрихкода вручную</source>
        <translation>Manual barcode entry</translation>
    </message>
    <message>
        <source>Открываю базу…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <source>&amp;Касса</source>
        <translation>&amp;Counter</translation>
    </message>
    <message>
        <source>Настройки…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Сменить сотрудника…</source>
        <translation>Switch employee…</translation>
    </message>
    <message>
        <source>Открыть смену</source>
        <translation>Open the shift</translation>
    </message>
    <message>
        <source>О программе…</source>
        <translation>About…</translation>
    </message>
    <message>
        <source>Выход</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>&amp;Разделы</source>
        <translation>&amp;Sections</translation>
    </message>
    <message>
        <source>Ввести штрихкод вручную</source>
        <translation>Type a barcode</translation>
    </message>
    <message>
        <source>Штрихкод не длиннее {limit} знаков, а введено {n}: ввод не принят.</source>
        <translation>A barcode is at most {limit} characters long, and {n} were entered: not accepted.</translation>
    </message>
    <message>
        <source>Вход…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>Не удалось открыть базу: {reason}</source>
        <translation>Could not open the database: {reason}</translation>
    </message>
    <message>
        <source>Выйти из учётной записи…</source>
        <translation>Sign out…</translation>
    </message>
    <message>
        <source>За кассой: {name}</source>
        <translation>At the counter: {name}</translation>
    </message>
</context>
<context>
    <name>OccupancyMap</name>
    <message>
        <source>Зона {zone}</source>
        <translation>Zone {zone}</translation>
    </message>
    <message>
        <source>{code}: {used} из {capacity}</source>
        <translation>{code}: {used} of {capacity}</translation>
    </message>
</context>
<context>
    <name>OwnerMenu</name>
    <message>
        <source>&amp;Владелец</source>
        <translation>&amp;Owner</translation>
    </message>
    <message>
        <source>Открыть консоль владельца в браузере</source>
        <translation>Open the owner console in the browser</translation>
    </message>
    <message>
        <source>Настройки пункта…</source>
        <translation>Point settings…</translation>
    </message>
    <message>
        <source>Консоль владельца работает на центральном сервере: у этого пункта сервер не указан.</source>
        <translation>The owner console runs on the central server: this point has no server set.</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Фото брака {sha}…</source>
        <translation>Defect photo {sha}…</translation>
    </message>
</context>
<context>
    <name>PlacementPage</name>
    <message>
        <source>Размещение</source>
        <translation>Put away</translation>
    </message>
    <message>
        <source>Отсканируйте отправление, затем ячейку — или ячейку, затем отправления</source>
        <translation>Scan a parcel, then its cell — or a cell, then parcels</translation>
    </message>
    <message>
        <source>Время</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Отправление</source>
        <translation>Shipment</translation>
    </message>
    <message>
        <source>Ячейка</source>
        <translation>Cell</translation>
    </message>
    <message>
        <source>Откуда</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Размещено за сеанс</source>
        <translation>Put away in this session</translation>
    </message>
    <message>
        <source>F8 Сбросить</source>
        <translation>F8 Reset</translation>
    </message>
    <message>
        <source>F5 Обновить карту</source>
        <translation>F5 Refresh map</translation>
    </message>
    <message>
        <source>■ серый — пусто · зелёный — есть место · жёлтый — почти полна · красный — полна</source>
        <translation>■ grey — empty · green — room left · amber — nearly full · red — full</translation>
    </message>
    <message>
        <source>Этикетки:</source>
        <translation>Labels:</translation>
    </message>
    <message>
        <source>F3 ячейки</source>
        <translation>F3 cell</translation>
    </message>
    <message>
        <source>F4 стеллажа</source>
        <translation>F4 rack</translation>
    </message>
    <message>
        <source>F6 зоны</source>
        <translation>F6 zone</translation>
    </message>
    <message>
        <source>Выберите ячейку на карте или отсканируйте её</source>
        <translation>Pick a cell on the map or scan it</translation>
    </message>
    <message>
        <source>Этикетки на печать: {n} ({first}…{last})</source>
        <translation>Labels to print: {n} ({first}…{last})</translation>
    </message>
    <message>
        <source>Размещение сброшено: сканируйте отправление или ячейку</source>
        <translation>Put-away reset: scan a shipment or a cell</translation>
    </message>
    <message>
        <source>Ячеек {n}, занято мест {used} из {capacity}, полных ячеек {full}</source>
        <translation>{n} cells, {used} of {capacity} places taken, {full} full cells</translation>
    </message>
    <message>
        <source>Ячейка {cell}: сканируйте отправления для неё</source>
        <translation>Cell {cell}: scan the shipments for it</translation>
    </message>
    <message>
        <source>Отправление {posting}: положите и отсканируйте ячейку</source>
        <translation>Shipment {posting}: put it away and scan the cell</translation>
    </message>
    <message>
        <source>Сканируйте отправление (или сначала ячейку, чтобы класть в неё много)</source>
        <translation>Scan a shipment (or a cell first, to put many into it)</translation>
    </message>
</context>
<context>
    <name>PrinterService</name>
    <message>
        <source>Принтер: {error}</source>
        <translation>Printer: {error}</translation>
    </message>
    <message>
        <source>Принтер не подключён: чеки на экране</source>
        <translation>No printer: receipts on screen</translation>
    </message>
    <message>
        <source>Принтер: {what}</source>
        <translation>Printer: {what}</translation>
    </message>
    <message>
        <source>Выдача: {name}</source>
        <translation>Pickup: {name}</translation>
    </message>
    <message>
        <source>Отказ в возврате: {posting}</source>
        <translation>Return refused: {posting}</translation>
    </message>
    <message>
        <source>Возврат: {posting}</source>
        <translation>Return: {posting}</translation>
    </message>
    <message>
        <source>Этикетка тары {box}</source>
        <translation>Box label {box}</translation>
    </message>
    <message>
        <source>Акт передачи {number}</source>
        <translation>Handover act {number}</translation>
    </message>
    <message>
        <source>Акт расхождений {number}</source>
        <translation>Discrepancy act {number}</translation>
    </message>
    <message>
        <source>Этикетки ячеек: {n}</source>
        <translation>Cell labels: {n}</translation>
    </message>
    <message>
        <source>Отчёт за смену</source>
        <translation>Shift report</translation>
    </message>
    <message>
        <source>Принтер: {message}</source>
        <translation>Printer: {message}</translation>
    </message>
</context>
<context>
    <name>ReceiptPreviewDock</name>
    <message>
        <source>Чек</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Чек на экране</source>
        <translation>Receipt on screen</translation>
    </message>
    <message>
        <source>Пока ничего не напечатано</source>
        <translation>Nothing printed yet</translation>
    </message>
    <message>
        <source>Напечатать последний документ ещё раз</source>
        <translation>Print the last document again</translation>
    </message>
    <message>
        <source>F11 Напечатать ещё раз</source>
        <translation>F11 Print again</translation>
    </message>
    <message>
        <source>в очереди печати №{n}</source>
        <translation>print job #{n}</translation>
    </message>
    <message>
        <source>только на экране</source>
        <translation>on screen only</translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <source>Отказ от товаров</source>
        <translation>Refused items</translation>
    </message>
    <message>
        <source>Отметьте товары, от которых покупатель отказывается:</source>
        <translation>Tick the items the customer refuses:</translation>
    </message>
    <message>
        <source>Товар</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Кол-во</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>Цена</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Причина отказа:</source>
        <translation>Reason for refusal:</translation>
    </message>
    <message>
        <source>выберите причину</source>
        <translation>choose a reason</translation>
    </message>
    <message>
        <source>не подошёл размер</source>
        <translation>wrong size</translation>
    </message>
    <message>
        <source>брак</source>
        <translation>defective</translation>
    </message>
    <message>
        <source>не соответствует описанию</source>
        <translation>not as described</translation>
    </message>
    <message>
        <source>передумал</source>
        <translation>changed their mind</translation>
    </message>
    <message>
        <source>другое</source>
        <translation>other</translation>
    </message>
    <message>
        <source>подробнее (для «другое» — обязательно)</source>
        <translation>details (required for &quot;other&quot;)</translation>
    </message>
    <message>
        <source>F8 Брак (фото)…</source>
        <translation>F8 Defect (photos)…</translation>
    </message>
</context>
<context>
    <name>RefusedOperationsDialog</name>
    <message>
        <source>Отклонённые операции</source>
        <translation>Refused operations</translation>
    </message>
    <message>
        <source>Сервер не принял эти операции: на другой стойке или на сервере отправление уже изменили. Отправления перечитаны с сервера; проверьте их и нажмите «Прочитано».</source>
        <translation>The server did not take these operations: the shipment was changed at another counter or on the server. The shipments are re-read from the server; check them and press &quot;Read&quot;.</translation>
    </message>
    <message>
        <source>Когда</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Операция</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Отправления</source>
        <translation>Shipments</translation>
    </message>
    <message>
        <source>Причина</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Прочитано</source>
        <translation>Read</translation>
    </message>
    <message>
        <source>Приёмка</source>
        <translation>Receiving</translation>
    </message>
    <message>
        <source>Размещение</source>
        <translation>Put away</translation>
    </message>
    <message>
        <source>Выдача</source>
        <translation>Pickup</translation>
    </message>
    <message>
        <source>Возвраты</source>
        <translation>Returns</translation>
    </message>
    <message>
        <source>Инвентаризация</source>
        <translation>Stocktaking</translation>
    </message>
    <message>
        <source>Смена</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Поддержка</source>
        <translation>Support</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Возврат по заявке {number}</source>
        <translation>Return request {number}</translation>
    </message>
    <message>
        <source>{name} · отправление {posting} · выдано {date}</source>
        <translation>{name} · shipment {posting} · handed over {date}</translation>
    </message>
    <message>
        <source>В заявке</source>
        <translation>In the request</translation>
    </message>
    <message>
        <source>• {name} — не выдавался в этом отправлении</source>
        <translation>• {name} — not handed over in this shipment</translation>
    </message>
    <message>
        <source>Причина: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>Было выдано</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>Проверка товара</source>
        <translation>Checking the goods</translation>
    </message>
    <message>
        <source>Товарный вид сохранён, повреждений нет (кроме заявленных)</source>
        <translation>Presentable, no damage (except as stated)</translation>
    </message>
    <message>
        <source>Полная комплектация: детали, ярлыки, упаковка</source>
        <translation>Complete: parts, tags, packaging</translation>
    </message>
    <message>
        <source>Это тот самый товар, что в заявке</source>
        <translation>It is the item named in the request</translation>
    </message>
    <message>
        <source>Причина подтверждается</source>
        <translation>The stated reason holds</translation>
    </message>
    <message>
        <source>Причина отказа (печатается в квитанции покупателю):</source>
        <translation>Reason for refusal (printed on the customer&apos;s receipt):</translation>
    </message>
    <message>
        <source>F9 Принять возврат</source>
        <translation>F9 Accept return</translation>
    </message>
    <message>
        <source>F10 Отказать</source>
        <translation>F10 Refuse</translation>
    </message>
    <message>
        <source>F6 Брак (фото)…</source>
        <translation>F6 Defect (photos)…</translation>
    </message>
    <message>
        <source>Esc Отмена</source>
        <translation>Esc Cancel</translation>
    </message>
</context>
<context>
    <name>ReturnsPage</name>
    <message>
        <source>Возвраты</source>
        <translation>Returns</translation>
    </message>
    <message>
        <source>Отсканируйте заявку на возврат (RT-…) или возвратную тару (RB-…)</source>
        <translation>Scan a return request (RT-…) or a return box (RB-…)</translation>
    </message>
    <message>
        <source>Возврат от покупателя</source>
        <translation>Customer return</translation>
    </message>
    <message>
        <source>Отсканируйте заявку покупателя (RT-…) или выданное отправление — откроется проверка.</source>
        <translation>Scan the customer&apos;s request (RT-…) or the shipment handed over — the check opens.</translation>
    </message>
    <message>
        <source>Возвратная тара</source>
        <translation>Return boxes</translation>
    </message>
    <message>
        <source>К возврату</source>
        <translation>To return</translation>
    </message>
    <message>
        <source>Ячейка</source>
        <translation>Cell</translation>
    </message>
    <message>
        <source>у кассы</source>
        <translation>at the counter</translation>
    </message>
    <message>
        <source>Покупатель</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>F3 Новая тара</source>
        <translation>F3 New box</translation>
    </message>
    <message>
        <source>F8 Запечатать</source>
        <translation>F8 Seal</translation>
    </message>
    <message>
        <source>Курьер перевозчика</source>
        <translation>Carrier&apos;s courier</translation>
    </message>
    <message>
        <source>F9 Передать запечатанные</source>
        <translation>F9 Hand over sealed boxes</translation>
    </message>
    <message>
        <source>В заявке товар, которого не было в отправлении: «{name}»</source>
        <translation>The request names an item not in the shipment: &quot;{name}&quot;</translation>
    </message>
    <message>
        <source>Заявка {number}: проверьте товар по списку</source>
        <translation>Request {number}: check the goods against the list</translation>
    </message>
    <message>
        <source>{posting}: {decision}</source>
        <translation>{posting}: {decision}</translation>
    </message>
    <message>
        <source>. Положите к возвратам.</source>
        <translation>. Put it with the returns.</translation>
    </message>
    <message>
        <source>. Причина: {reason}</source>
        <translation>. Reason: {reason}</translation>
    </message>
    <message>
        <source>Тара {box} открыта: сканируйте отправления к возврату</source>
        <translation>Box {box} open: scan the shipments to return</translation>
    </message>
    <message>
        <source> (из ячейки {cell})</source>
        <translation> (from cell {cell})</translation>
    </message>
    <message>
        <source>{posting} → {box}{where}</source>
        <translation>{posting} → {box}{where}</translation>
    </message>
    <message>
        <source>Тара {box} запечатана: {n} отпр. Наклейте этикетку.</source>
        <translation>Box {box} sealed: {n} shipments. Stick the label on.</translation>
    </message>
    <message>
        <source>Передано перевозчику: тары {boxes}, отправлений {n}. Акт {number}</source>
        <translation>Handed to the carrier: {boxes} boxes, {n} shipments. Act {number}</translation>
    </message>
    <message>
        <source>Запечатано и ждёт курьера: {n} ({codes})</source>
        <translation>Sealed, waiting for the courier: {n} ({codes})</translation>
    </message>
    <message>
        <source>Отсканируйте этикетку тары (RB-…) или откройте новую (F3)</source>
        <translation>Scan a box label (RB-…) or open a new box (F3)</translation>
    </message>
    <message>
        <source>В таре {n} отпр. Сканируйте отправления «к возврату»; F8 — запечатать.</source>
        <translation>{n} shipments in the box. Scan shipments to return; F8 seals.</translation>
    </message>
</context>
<context>
    <name>ScanLog</name>
    <message>
        <source>Время</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Штрихкод</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>Результат</source>
        <translation>Result</translation>
    </message>
</context>
<context>
    <name>ScanRouter</name>
    <message>
        <source>верхний</source>
        <translation>upper</translation>
    </message>
    <message>
        <source>нижний</source>
        <translation>lower</translation>
    </message>
    <message>
        <source>Это {which} штрихкод маркировки отправления Ozon ({code}), а не номер отправления. Отсканируйте на той же этикетке штрихкод с номером отправления.</source>
        <translation>This is the {which} barcode of an Ozon posting label ({code}), not the posting number. Scan the posting-number barcode on the same label.</translation>
    </message>
    <message>
        <source>Это стикер сборочного задания Wildberries ({code})</source>
        <translation>This is a Wildberries assembly-task sticker ({code})</translation>
    </message>
    <message>
        <source>Это штрихкод товара Ozon {code}</source>
        <translation>This is Ozon product barcode {code}</translation>
    </message>
    <message>
        <source>Это код маркировки «Честный знак» товара (GTIN {gtin}, серийный № {serial})</source>
        <translation>This is the goods&apos; «Chestny ZNAK» marking code (GTIN {gtin}, serial No. {serial})</translation>
    </message>
    <message>
        <source>Это штрихкод товара {kind} {code}</source>
        <translation>This is the goods&apos; barcode {kind} {code}</translation>
    </message>
    <message>
        <source>, а не этикетка отправления. Отсканируйте этикетку ПВЗ на упаковке.</source>
        <translation>, not a parcel label. Scan the pickup point&apos;s label on the package.</translation>
    </message>
    <message>
        <source>{where}. На вкладке «{page}» оно не нужно.</source>
        <translation>{where}. Not needed on the &quot;{page}&quot; tab.</translation>
    </message>
    <message>
        <source>Штрихкод «{code}» не распознан: сохранён в «Зависшие ШК».</source>
        <translation>Barcode &quot;{code}&quot; not recognised: kept in &quot;Unknown barcodes&quot;.</translation>
    </message>
    <message>
        <source>Это {kind} {code}: на вкладке «{page}» он не нужен.</source>
        <translation>This is a {kind} {code}: not needed on the &quot;{page}&quot; tab.</translation>
    </message>
    <message>
        <source>Нечитаемый код: {n} знаков, а штрихкоды не длиннее {limit}. Его начало сохранено в «Зависшие ШК»; отсканируйте ещё раз.</source>
        <translation>Unreadable code: {n} characters, while barcodes are at most {limit}. Its beginning is kept in &quot;Unknown barcodes&quot;; scan again.</translation>
    </message>
</context>
<context>
    <name>ScannerSetupDialog</name>
    <message>
        <source>Коды настройки сканера</source>
        <translation>Scanner setup codes</translation>
    </message>
    <message>
        <source>Наведите сканер на код на экране; под каждым кодом — документ, откуда он взят. После настройки USB-COM добавьте сканер как serial://COM…</source>
        <translation>Point the scanner at a code on the screen; under each code is the document it comes from. After setting USB-COM, add the scanner as serial://COM…</translation>
    </message>
    <message>
        <source>Нет кодов для: {models}</source>
        <translation>No codes for: {models}</translation>
    </message>
    <message>
        <source>Источник: {source}</source>
        <translation>Source: {source}</translation>
    </message>
</context>
<context>
    <name>ServerLoginDialog</name>
    <message>
        <source>Вход</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Вход сотрудника ПВЗ</source>
        <translation>Pickup point staff sign-in</translation>
    </message>
    <message>
        <source>Войти через Ozon ID</source>
        <translation>Sign in with Ozon ID</translation>
    </message>
    <message>
        <source>Работать без связи</source>
        <translation>Work offline</translation>
    </message>
    <message>
        <source>Проверяем сохранённый вход…</source>
        <translation>Checking the saved sign-in…</translation>
    </message>
    <message>
        <source>Нажмите «Войти через Ozon ID»: вход выполняется в браузере.</source>
        <translation>Press &quot;Sign in with Ozon ID&quot;: you sign in in the browser.</translation>
    </message>
    <message>
        <source>Откроется браузер: войдите там под своей учётной записью и вернитесь сюда.</source>
        <translation>The browser will open: sign in there with your account and come back here.</translation>
    </message>
    <message>
        <source>Вход не выполнен: {e}</source>
        <translation>Sign-in failed: {e}</translation>
    </message>
    <message>
        <source>Можно работать без связи: операции сохранятся и уйдут на сервер позже.</source>
        <translation>You can work offline: operations are kept and go to the server later.</translation>
    </message>
    <message>
        <source>Войдите через Ozon ID: сохранённого входа нет или он завершён.</source>
        <translation>Sign in with Ozon ID: there is no saved sign-in, or it has ended.</translation>
    </message>
    <message>
        <source>Вход выполнен: {name}, {point}</source>
        <translation>Signed in: {name}, {point}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Настройки</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Сканеры</source>
        <translation>Scanners</translation>
    </message>
    <message>
        <source>Добавить</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Удалить</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Найти подключённые</source>
        <translation>Find connected</translation>
    </message>
    <message>
        <source>Проверить скан</source>
        <translation>Test scan</translation>
    </message>
    <message>
        <source>Коды настройки сканера…</source>
        <translation>Scanner setup codes…</translation>
    </message>
    <message>
        <source>Принтер</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>tcp://192.168.1.50:9100 — пусто: чеки только на экране</source>
        <translation>tcp://192.168.1.50:9100 — empty: receipts on screen only</translation>
    </message>
    <message>
        <source>80 мм</source>
        <translation>80 mm</translation>
    </message>
    <message>
        <source>58 мм</source>
        <translation>58 mm</translation>
    </message>
    <message>
        <source>Пробная печать</source>
        <translation>Test print</translation>
    </message>
    <message>
        <source>Адрес</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Производитель</source>
        <translation>Vendor</translation>
    </message>
    <message>
        <source>Кодовая страница (CP866)</source>
        <translation>Code page (CP866)</translation>
    </message>
    <message>
        <source>Ширина бумаги</source>
        <translation>Paper width</translation>
    </message>
    <message>
        <source>Весы</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>serial://COM5?protocol=massak или cas — пусто: вес вводится вручную</source>
        <translation>serial://COM5?protocol=massak or cas — empty: weights are typed</translation>
    </message>
    <message>
        <source>Проверить весы</source>
        <translation>Test the scale</translation>
    </message>
    <message>
        <source>Пункт</source>
        <translation>Point</translation>
    </message>
    <message>
        <source>системное хранилище сертификатов</source>
        <translation>system certificate store</translation>
    </message>
    <message>
        <source>Файл PEM с сертификатом центра сертификации пункта, если у сервера свой, а не публичный</source>
        <translation>A PEM file with the point&apos;s certificate authority, if the server&apos;s certificate is not from a public one</translation>
    </message>
    <message>
        <source>Выбрать…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Сервер</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Сертификаты сервера</source>
        <translation>Server certificates</translation>
    </message>
    <message>
        <source>Срок хранения, дней</source>
        <translation>Storage period, days</translation>
    </message>
    <message>
        <source>Время примерки, минут</source>
        <translation>Fitting time, minutes</translation>
    </message>
    <message>
        <source>Название пункта</source>
        <translation>Point name</translation>
    </message>
    <message>
        <source>Язык</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>владелец пункта</source>
        <translation>the point&apos;s owner</translation>
    </message>
    <message>
        <source>Устройства, сервер, срок хранения и название пункта меняет владелец пункта: {names}.</source>
        <translation>Devices, the server, storage days and the point&apos;s name are changed by the point&apos;s owner: {names}.</translation>
    </message>
    <message>
        <source>Добавлен {url}; сохраните настройки, чтобы он заработал.</source>
        <translation>Added {url}; save the settings to use it.</translation>
    </message>
    <message>
        <source>Ищу устройства…</source>
        <translation>Looking for devices…</translation>
    </message>
    <message>
        <source>Сканеры на COM-портах и HID-POS не найдены. Сканер в режиме клавиатуры: wedge.</source>
        <translation>No serial or HID-POS scanners found. A scanner in keyboard mode: wedge.</translation>
    </message>
    <message>
        <source>Двойной щелчок — добавить.</source>
        <translation>Double-click to add.</translation>
    </message>
    <message>
        <source>Отсканируйте любой штрихкод…</source>
        <translation>Scan any barcode…</translation>
    </message>
    <message>
        <source>Прочитано «{code}» со сканера {source}</source>
        <translation>Read &quot;{code}&quot; from scanner {source}</translation>
    </message>
    <message>
        <source>Укажите адрес принтера.</source>
        <translation>Enter the printer address.</translation>
    </message>
    <message>
        <source>Печатаю…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Напечатано. Русские буквы читаются? Если нет — смените кодовую страницу.</source>
        <translation>Printed. Is the Russian text readable? If not, change the code page.</translation>
    </message>
    <message>
        <source>Читаю весы…</source>
        <translation>Reading the scale…</translation>
    </message>
    <message>
        <source>Сертификаты (*.pem *.crt *.cer)</source>
        <translation>Certificates (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>Адрес сервера должен начинаться с https://: по http:// пароли, вход и данные покупателей шли бы по сети открытым текстом. http:// допустим только для этого компьютера (127.0.0.1, [::1], localhost).</source>
        <translation>The server address must start with https://: over http:// passwords, logins and customers&apos; data would cross the network in clear text. http:// is allowed only for this computer (127.0.0.1, [::1], localhost).</translation>
    </message>
    <message>
        <source>Адрес сервера не подходит: нужен адрес вида https://сервер:порт.</source>
        <translation>This server address will not do: it must look like https://server:port.</translation>
    </message>
    <message>
        <source>Файл сертификатов «{path}» не читается: нужен файл PEM с сертификатом центра сертификации.</source>
        <translation>The certificate file «{path}» cannot be read: a PEM file with the certificate authority&apos;s certificate is needed.</translation>
    </message>
    <message>
        <source>Не удалось сохранить настройки: {error}</source>
        <translation>Could not save the settings: {error}</translation>
    </message>
</context>
<context>
    <name>ShiftPage</name>
    <message>
        <source>Смена</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>F3 — открыть смену, F10 — закрыть её с отчётом</source>
        <translation>F3 opens the shift, F10 closes it with the report</translation>
    </message>
    <message>
        <source>Принято отправлений</source>
        <translation>Shipments received</translation>
    </message>
    <message>
        <source>из них без накладной</source>
        <translation>of them without a waybill</translation>
    </message>
    <message>
        <source>Размещено</source>
        <translation>Put away</translation>
    </message>
    <message>
        <source>Выдано</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>Отказов</source>
        <translation>Refusals</translation>
    </message>
    <message>
        <source>Отказано строк товара</source>
        <translation>Goods lines refused</translation>
    </message>
    <message>
        <source>Инвентаризация: утеряно</source>
        <translation>Stocktaking: lost</translation>
    </message>
    <message>
        <source>Инвентаризация: найдено</source>
        <translation>Stocktaking: found</translation>
    </message>
    <message>
        <source>Принято возвратов</source>
        <translation>Returns accepted</translation>
    </message>
    <message>
        <source>Срок хранения истёк</source>
        <translation>Storage period over</translation>
    </message>
    <message>
        <source>Передано тары</source>
        <translation>Boxes handed over</translation>
    </message>
    <message>
        <source>Передано перевозчику отправлений</source>
        <translation>Shipments handed to the carrier</translation>
    </message>
    <message>
        <source>Принято к отправке</source>
        <translation>Taken in to send</translation>
    </message>
    <message>
        <source>Не принято к отправке</source>
        <translation>Not taken in to send</translation>
    </message>
    <message>
        <source>Передано курьеру отправок</source>
        <translation>Parcels handed to couriers</translation>
    </message>
    <message>
        <source>Передач курьерам</source>
        <translation>Courier handovers</translation>
    </message>
    <message>
        <source>Ящик открывался</source>
        <translation>Drawer opened</translation>
    </message>
    <message>
        <source>из них без оплаты</source>
        <translation>of these without a sale</translation>
    </message>
    <message>
        <source>Отдано на примерку</source>
        <translation>Handed over for fitting</translation>
    </message>
    <message>
        <source>На примерке сейчас</source>
        <translation>In the fitting room now</translation>
    </message>
    <message>
        <source>Наличными</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Картой</source>
        <translation>Card</translation>
    </message>
    <message>
        <source>Отчёт за смену</source>
        <translation>Shift report</translation>
    </message>
    <message>
        <source>Выручка</source>
        <translation>Takings</translation>
    </message>
    <message>
        <source>F3 Открыть смену</source>
        <translation>F3 Open shift</translation>
    </message>
    <message>
        <source>F5 Обновить отчёт</source>
        <translation>F5 Refresh report</translation>
    </message>
    <message>
        <source>F10 Закрыть смену</source>
        <translation>F10 Close shift</translation>
    </message>
    <message>
        <source>F6 Открыть ящик…</source>
        <translation>F6 Open drawer…</translation>
    </message>
    <message>
        <source>Открыть денежный ящик без оплаты (только владелец; причина — в журнал)</source>
        <translation>Open the cash drawer without a sale (owner only; the reason goes to the ledger)</translation>
    </message>
    <message>
        <source>Смена открыта в {time}</source>
        <translation>Shift opened at {time}</translation>
    </message>
    <message>
        <source>Открыть денежный ящик</source>
        <translation>Open the cash drawer</translation>
    </message>
    <message>
        <source>Причина (попадёт в журнал):</source>
        <translation>Reason (goes to the ledger):</translation>
    </message>
    <message>
        <source>Денежный ящик открыт: {reason}</source>
        <translation>Cash drawer opened: {reason}</translation>
    </message>
    <message>
        <source>Записано в журнал, но принтер не подключён: откройте ящик ключом</source>
        <translation>Recorded in the ledger, but no printer is connected: open the drawer with its key</translation>
    </message>
    <message>
        <source>Закрытие смены</source>
        <translation>Closing the shift</translation>
    </message>
    <message>
        <source>Закрыть смену и напечатать отчёт?</source>
        <translation>Close the shift and print the report?</translation>
    </message>
    <message>
        <source>Смена закрыта. Выручка {amount}</source>
        <translation>Shift closed. Takings {amount}</translation>
    </message>
    <message>
        <source>Смена не открыта</source>
        <translation>Shift not open</translation>
    </message>
    <message>
        <source>Смена открыта с {time} · {name}</source>
        <translation>Shift open since {time} · {name}</translation>
    </message>
    <message>
        <source> · последняя смена закрыта в {time}</source>
        <translation> · last shift closed at {time}</translation>
    </message>
</context>
<context>
    <name>SupportPage</name>
    <message>
        <source>Поддержка</source>
        <translation>Support</translation>
    </message>
    <message>
        <source>Опишите вопрос и отправьте обращение (F9); отсканированное отправление добавится к нему</source>
        <translation>Describe the issue and send the ticket (F9); a scanned parcel is added to it</translation>
    </message>
    <message>
        <source>Обновлено</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Тема</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Статус</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Новое обращение</source>
        <translation>New ticket</translation>
    </message>
    <message>
        <source>отсканируйте отправления или впишите через запятую</source>
        <translation>scan shipments or type them, comma separated</translation>
    </message>
    <message>
        <source>Категория</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Отправления</source>
        <translation>Shipments</translation>
    </message>
    <message>
        <source>Текст</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>F9 Отправить обращение</source>
        <translation>F9 Send ticket</translation>
    </message>
    <message>
        <source>F7 Ответить</source>
        <translation>F7 Reply</translation>
    </message>
    <message>
        <source>F8 Закрыть обращение</source>
        <translation>F8 Close ticket</translation>
    </message>
    <message>
        <source>{posting} добавлено к обращению</source>
        <translation>{posting} added to the ticket</translation>
    </message>
    <message>
        <source>Обращение «{subject}» сохранено и будет отправлено</source>
        <translation>Ticket &quot;{subject}&quot; saved and will be sent</translation>
    </message>
    <message>
        <source>Сообщение отправлено</source>
        <translation>Message sent</translation>
    </message>
    <message>
        <source>Обращение закрыто</source>
        <translation>Ticket closed</translation>
    </message>
    <message>
        <source>Выберите обращение слева или создайте новое.</source>
        <translation>Pick a ticket on the left or create a new one.</translation>
    </message>
</context>
<context>
    <name>UnknownScansDialog</name>
    <message>
        <source>Зависшие ШК и излишки</source>
        <translation>Unknown barcodes and surplus</translation>
    </message>
    <message>
        <source>Нераспознанные штрихкоды</source>
        <translation>Unrecognised barcodes</translation>
    </message>
    <message>
        <source>Когда</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Штрихкод</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>Где</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>Номер отправления с этикетки</source>
        <translation>Shipment number from the label</translation>
    </message>
    <message>
        <source>Сопоставить</source>
        <translation>Match</translation>
    </message>
    <message>
        <source>Причина списания</source>
        <translation>Reason to write off</translation>
    </message>
    <message>
        <source>Списать</source>
        <translation>Write off</translation>
    </message>
    <message>
        <source>Пришли без накладной</source>
        <translation>Arrived without a waybill</translation>
    </message>
    <message>
        <source>Отправление</source>
        <translation>Shipment</translation>
    </message>
    <message>
        <source>Статус</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Оприходовать выбранное</source>
        <translation>Take selected into stock</translation>
    </message>
    <message>
        <source>«{code}» — это {posting}: {status}</source>
        <translation>&quot;{code}&quot; is {posting}: {status}</translation>
    </message>
    <message>
        <source>«{code}» списан</source>
        <translation>&quot;{code}&quot; written off</translation>
    </message>
    <message>
        <source>{posting} оприходовано: теперь его можно разместить</source>
        <translation>{posting} taken into stock: it can be put away now</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Да</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Нет</source>
        <translation>No</translation>
    </message>
</context>
</TS>
