"""The console's words: Russian is the key and the default, English is here. A page calls
``_("…")``; ``tests/central/console`` checks that every text of the templates has its English line."""

from __future__ import annotations

from collections.abc import Callable

from pvz_desktop.core.statuses import ACTION_LABELS, STATUS_LABELS, Action, ShipmentStatus

LANGUAGES = ("ru", "en")
LANG_COOKIE = "pvz_console_lang"

EN: dict[str, str] = {
    "Консоль владельца": "Owner console",
    "Вход в консоль владельца": "Owner console login",
    "Логин": "Login",
    "Пароль": "Password",
    "Войти": "Log in",
    "Выйти": "Log out",
    "Неверный логин или пароль.": "Wrong login or password.",
    "Консоль — для владельцев пунктов. Сотрудники работают за стойкой.": (
        "The console is for point owners. Employees work at the counter."
    ),
    "Сеанс истёк или не начат: войдите снова.": "The session has expired or was not started: log in again.",
    "Форма устарела (нет защитного кода): обновите страницу и повторите.": (
        "The form is out of date (no protection code): reload the page and try again."
    ),
    "Нет доступа к этому пункту.": "You have no access to this point.",
    "Все пункты": "All points",
    "Пункт": "Point",
    "Выбрать": "Choose",
    "Сводка": "Dashboard",
    "Сотрудники": "Staff",
    "Удержания": "Deductions",
    "Камеры": "Cameras",
    "Отправление": "Parcel",
    "Найти": "Find",
    "Номер отправления": "Parcel number",
    "День": "Day",
    "Неделя": "Week",
    "Месяц": "Month",
    "Показать": "Show",
    "Выгрузить CSV": "Export CSV",
    "Принято": "Accepted",
    "Выдано": "Issued",
    "Возвращено покупателями": "Returned by customers",
    "Принято к отправке": "Dropped off",
    "Передано курьерам": "Handed to couriers",
    "Обслужено покупателей": "Customers served",
    "Недостачи инвентаризации": "Stocktaking shortages",
    "Акты расхождений": "Discrepancy acts",
    "Отклонённые операции": "Refused operations",
    "Срок хранения истёк, не в коробе возврата": "Past storage deadline, not in a return box",
    "Приёмка накладных": "Waybill acceptance",
    "закрыто накладных": "waybills closed",
    "в среднем": "average",
    "худшая": "worst",
    "норматив": "limit",
    "сверх норматива": "over the limit",
    "мин": "min",
    "По сотрудникам": "Per employee",
    "По пунктам": "Per point",
    "Сотрудник": "Employee",
    "Выдано по дням": "Issued per day",
    "Выдано по часам": "Issued per hour",
    "Период": "Period",
    "Добавить сотрудника": "Add an employee",
    "Имя": "Name",
    "Временный пароль": "Temporary password",
    "Добавить": "Add",
    "Роль": "Role",
    "владелец": "owner",
    "сотрудник": "employee",
    "Состояние": "State",
    "работает": "active",
    "отключён": "disabled",
    "Отключить": "Disable",
    "Включить": "Enable",
    "Сбросить пароль": "Reset password",
    "Перевести в пункт": "Move to point",
    "сменит пароль при входе": "changes password at next login",
    "Смены за стойками": "Shifts at the counters",
    "по операциям сервера: первая и последняя операция сотрудника за день на каждой стойке": (
        "from the server's operations: an employee's first and last operation of the day at each counter"
    ),
    "Дата": "Date",
    "Стойка": "Counter",
    "С": "From",
    "По": "To",
    "Операций": "Operations",
    "Записать удержание": "Record a deduction",
    "Сумма, ₽": "Amount, ₽",
    "Причина": "Reason",
    "Смена": "Shift",
    "Статус": "Status",
    "записано": "recorded",
    "оспаривается": "disputed",
    "выиграно": "won",
    "проиграно": "lost",
    "Изменить": "Change",
    "Итого по месяцам": "Totals per month",
    "Итого по сотрудникам": "Totals per employee",
    "Сумма": "Amount",
    "Записать": "Record",
    "не указан": "not given",
    "Добавить камеру": "Add a camera",
    "Название": "Name",
    "Стойка (пусто — весь пункт)": "Counter (empty: the whole point)",
    "Поправка часов камеры, с": "Camera clock offset, s",
    "весь пункт": "whole point",
    "Удалить": "Delete",
    "Пакет доказательств": "Evidence pack",
    "Скачать PDF": "Download PDF",
    "События": "Events",
    "Время": "Time",
    "Действие": "Action",
    "Было → стало": "From → to",
    "Операция": "Operation",
    "Видео": "CCTV",
    "камера": "camera",
    "нет камеры у этой стойки": "no camera at this counter",
    "Фото": "Photos",
    "Стойка не записывала фото по этому отправлению.": "The counter recorded no photos of this parcel.",
    "Стойка не записывала фото за эту смену.": "The counter recorded no photos during this shift.",
    "смена": "shift",
    "Отправлений": "Parcels",
    "Пакет доказательств за смену": "Evidence pack of the shift",
    "Дата смены — ГГГГ-ММ-ДД.": "The shift's date is YYYY-MM-DD.",
    "Смена не найдена в ваших пунктах.": "No such shift at your points.",
    "Цепочка хешей": "Hash chain",
    "Как перепроверить": "How to recheck",
    "Отправление не найдено в ваших пунктах.": "The parcel is not found at your points.",
    "Фото не найдено в ваших пунктах.": "The photo is not found at your points.",
    "Сохранено.": "Saved.",
    "Дата — в виде ГГГГ-ММ-ДД.": "The date as YYYY-MM-DD.",
    "Пароли не совпадают.": "The passwords differ.",
    "Слишком много попыток: повторите позже.": "Too many attempts: try again later.",
    "Неверные данные": "Invalid input",
    "нет данных": "no data",
    "Смена пароля": "Change password",
    "Новый пароль": "New password",
    "Ещё раз": "Once more",
    "Сменить": "Change",
    "Пароль сброшен: задайте новый.": "The password was reset: choose a new one.",
}


# The ledger's words, as the counter shows them (the same English as its translations: tested);
# pages show them through ``status_word``/``action_word``.
LEDGER_EN: dict[str, str] = {
    "ожидается": "expected",
    "принято": "received",
    "на хранении": "stored",
    "выдано": "handed over",
    "не пришло": "not arrived",
    "пришло без накладной": "arrived without a waybill",
    "отказ": "refused",
    "срок хранения истёк": "storage expired",
    "к возврату": "to return",
    "в возвратной таре": "in a return box",
    "передано перевозчику": "handed to the carrier",
    "утеряно": "lost",
    "на примерке": "in the fitting room",
    "заявлено к отправке": "announced for sending",
    "принято к отправке": "taken in to send",
    "в мешке на отправку": "in an outbound bag",
    "передано курьеру": "handed to the courier",
    "не принято к отправке": "refused at drop-off",
    "принять": "receive",
    "отметить как не пришедшее": "mark as not arrived",
    "оприходовать": "register",
    "разместить": "put away",
    "переместить": "move",
    "выдать": "hand over",
    "оформить отказ": "record a refusal",
    "отметить истёкшим": "mark as expired",
    "продлить хранение": "extend storage",
    "отправить в возврат": "send to return",
    "принять возврат": "take the return",
    "упаковать в возвратную тару": "pack into a return box",
    "вынуть из возвратной тары": "take out of the return box",
    "передать перевозчику": "hand to the carrier",
    "отметить утерянным": "mark as lost",
    "отметить найденным": "mark as found",
    "принять к отправке": "take in to send",
    "отказать в приёме к отправке": "refuse at drop-off",
    "положить в мешок на отправку": "put into an outbound bag",
    "вынуть из мешка на отправку": "take out of the outbound bag",
    "передать курьеру": "hand to the courier",
    "аннулировать": "annul",
    "отдать на примерку": "hand over for fitting",
    "принять с примерки": "take back from fitting",
    # What a defect record says is wrong (the counter's «Брак» dialog).
    "повреждена упаковка": "damaged packaging",
    "повреждён товар": "damaged goods",
    "некомплект": "incomplete",
    "намокло": "wet",
    "другое": "other",
}
EN.update(LEDGER_EN)
DEFECT_WORDS = {
    "packaging": "повреждена упаковка",
    "goods": "повреждён товар",
    "incomplete": "некомплект",
    "wet": "намокло",
    "other": "другое",
}


def status_word(code: str | None) -> str:
    """A shipment status code in words (Russian, the key of ``EN``); ``—`` for none, the code if unknown."""
    if not code:
        return "—"
    try:
        return str(STATUS_LABELS[ShipmentStatus(code)])
    except ValueError:
        return code


def action_word(code: str) -> str:
    """A ledger action code in words (Russian, the key of ``EN``); the code if unknown."""
    try:
        return str(ACTION_LABELS[Action(code)])
    except ValueError:
        return code


def defect_word(code: str) -> str:
    """What a defect record says is wrong, in words (the code if unknown)."""
    return DEFECT_WORDS.get(code, code)


def translator(lang: str) -> Callable[[str], str]:
    if lang == "en":
        return lambda text: EN.get(text, text)
    return lambda text: text
