"""Settings: a bad address is explained and nothing is saved; good ones are written and applied."""

from __future__ import annotations

import json

from pvz_desktop.gui.settings_dialog import SettingsDialog


def open_dialog(counter) -> SettingsDialog:
    dialog = counter.window.open_settings()
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    return dialog


def test_bad_scanner_url_is_refused_in_russian(counter):
    dialog = open_dialog(counter)
    dialog.scanner_url.setText("usb://scanner")
    dialog.add_scanner()
    assert "Неизвестный тип сканера" in dialog.scanner_note.text()
    assert dialog.scanner_urls() == []


def test_bad_printer_url_blocks_saving(counter, settings):
    dialog = open_dialog(counter)
    dialog.printer_url.setText("lpt://1")
    dialog.save()
    assert "Адрес принтера" in dialog.error.text()
    assert dialog.isVisible()
    assert not (settings.data_dir / "config.json").exists()


def test_saved_settings_are_written_and_applied(counter, settings, qtbot):
    dialog = open_dialog(counter)
    dialog.scanner_url.setText("wedge")
    dialog.add_scanner()
    dialog.scanner_url.setText("serial:///dev/ttyACM0?baud=9600")
    dialog.add_scanner()
    dialog.profile.setCurrentText("zjiang")
    assert dialog.codepage.value() == 59  # the vendor's CP866 number
    dialog.printer_url.setText("tcp://127.0.0.1:9100")
    dialog.storage_days.setValue(5)
    with qtbot.waitSignal(counter.window.settings_saved) as saved:
        dialog.save()
    data = json.loads((settings.data_dir / "config.json").read_text(encoding="utf-8"))
    assert data["scanners"] == "wedge,serial:///dev/ttyACM0?baud=9600"
    assert (data["printer"], data["printer_profile"], data["printer_codepage"]) == (
        "tcp://127.0.0.1:9100",
        "zjiang",
        59,
    )
    assert saved.args[0].storage_days == 5
    counter.idle()
    assert counter.window.services.ctx.rules.storage_days == 5
    assert counter.window.services.settings.printer == "tcp://127.0.0.1:9100"


def test_test_scan_shows_the_next_scan_and_no_page_gets_it(counter):
    dialog = open_dialog(counter)
    dialog.test_scan()
    counter.window.router.inject("0123604587-1235-1", source="serial:///dev/ttyACM0")
    assert "0123604587-1235-1" in dialog.scanner_note.text() and "ttyACM0" in dialog.scanner_note.text()
    assert counter.banner == ("idle", counter.window.current_page().prompt())  # no page answered it


def test_discovery_lists_or_explains(counter, qtbot):
    dialog = open_dialog(counter)
    dialog.discover()
    qtbot.waitUntil(dialog.discover_button.isEnabled)
    assert dialog.scanner_note.text()  # either what was found or why nothing was


def test_a_plain_http_server_is_refused_with_the_reason_and_nothing_is_saved(counter, settings):
    dialog = open_dialog(counter)
    dialog.api_url.setText("http://192.168.1.5:8765")
    dialog.save()
    assert "https://" in dialog.error.text() and "открытым текстом" in dialog.error.text()
    assert dialog.isVisible()
    assert not (settings.data_dir / "config.json").exists()
    dialog.api_url.setText("pvz.example.ru")
    dialog.save()
    assert "https://сервер:порт" in dialog.error.text()
    assert not (settings.data_dir / "config.json").exists()


def test_the_points_ca_bundle_is_checked_and_saved_with_the_https_address(counter, settings, qtbot, tmp_path):
    from tests.tls_ca import make_pki

    dialog = open_dialog(counter)
    dialog.api_url.setText("https://pvz.example.ru/")
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate", encoding="utf-8")
    dialog.ca_bundle.setText(str(junk))
    dialog.save()
    assert "Файл сертификатов" in dialog.error.text()
    assert not (settings.data_dir / "config.json").exists()
    bundle = make_pki(tmp_path).bundle
    dialog.ca_bundle.setText(bundle)
    with qtbot.waitSignal(counter.window.settings_saved) as saved:
        dialog.save()
    data = json.loads((settings.data_dir / "config.json").read_text(encoding="utf-8"))
    assert (data["api_url"], data["ca_bundle"]) == ("https://pvz.example.ru", bundle)
    assert saved.args[0].ca_bundle == bundle


def test_the_scale_is_read_once_from_the_settings_and_a_bad_address_blocks_saving(counter, settings, qtbot):
    import threading

    from pvz_desktop.devices.scale import cas
    from tests.devices.scanner.ports import PtyPort

    dialog = open_dialog(counter)
    dialog.scale_url.setText("serial://COM5?protocol=mettler")
    dialog.test_scale()
    assert "протокол должен быть" in dialog.scale_note.text()
    dialog.save()
    assert "протокол должен быть" in dialog.error.text() and dialog.isVisible()
    assert not (settings.data_dir / "config.json").exists()

    with PtyPort() as scale:
        talking = threading.Event()

        def talk() -> None:  # a CAS scale sends its frame over and over, as it does
            while not talking.is_set():
                scale.write(cas.frame(1_250))
                talking.wait(0.05)

        thread = threading.Thread(target=talk, daemon=True)
        thread.start()
        try:
            dialog.scale_url.setText(f"serial://{scale.path}?protocol=cas")
            dialog.test_scale()
            qtbot.waitUntil(lambda: dialog.scale_note.text() == "1,250 кг", timeout=5000)
            assert dialog.test_scale_button.isEnabled()
        finally:
            talking.set()
            thread.join(2)
