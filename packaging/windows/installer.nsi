[% extends "pyapp_msvcrt.nsi" %]
[# PVZ Desktop installer: pynsist's template with a Russian interface, version information,
   a desktop shortcut, clean upgrades, and an uninstaller that leaves the user's data alone
   (the data lives in %LOCALAPPDATA%\PVZ Desktop, never under $INSTDIR). #]

[% block modernui %]
!include "MUI2.nsh"
!define MUI_ABORTWARNING
!define MUI_ICON "[[icon]]"
!define MUI_UNICON "[[icon]]"

[% block ui_pages %]
!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "Программа установлена. Ярлык «${PRODUCT_NAME}» — на рабочем столе и в меню «Пуск»; там же «${PRODUCT_NAME} (демо)» для обучения на тестовых данных.$\r$\n$\r$\nДанные и настройки хранятся в папке %LOCALAPPDATA%\PVZ Desktop и при удалении программы сохраняются."
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
[% endblock ui_pages %]

; Russian first: it is the default; an English Windows gets English pages.
!insertmacro MUI_LANGUAGE "Russian"
!insertmacro MUI_LANGUAGE "English"

[% set v = (ib.version.split('.') + ['0', '0', '0', '0'])[:4] %]
VIProductVersion "[[ v | join('.') ]]"
VIFileVersion "[[ v | join('.') ]]"
VIAddVersionKey /LANG=${LANG_RUSSIAN} "ProductName" "${PRODUCT_NAME}"
VIAddVersionKey /LANG=${LANG_RUSSIAN} "ProductVersion" "${PRODUCT_VERSION}"
VIAddVersionKey /LANG=${LANG_RUSSIAN} "FileVersion" "${PRODUCT_VERSION}"
VIAddVersionKey /LANG=${LANG_RUSSIAN} "FileDescription" "Установка ${PRODUCT_NAME} — программы пункта выдачи заказов"
VIAddVersionKey /LANG=${LANG_RUSSIAN} "LegalCopyright" "${PRODUCT_NAME}"
[% endblock modernui %]

[% block install_pkgs %]
  ; An upgrade starts from empty program folders, so no file of the previous version lingers.
  ; The user's data is elsewhere (%LOCALAPPDATA%\PVZ Desktop) and is not touched.
  RMDir /r "$INSTDIR\pkgs"
  RMDir /r "$INSTDIR\Python"
  [[ super() ]]
[% endblock install_pkgs %]

[% block install_commands %]
  [% if has_commands %]
  ; An upgrade finds the previous version's entry on PATH: take it off first, so it is there once.
  StrCmp $MultiUser.InstallMode CurrentUser 0 PvzRemoveMachinePath
    nsExec::ExecToLog '[[ python ]] -Es "$INSTDIR\_system_path.py" remove_user "$INSTDIR\bin"'
    Goto PvzPathRemoved
  PvzRemoveMachinePath:
    nsExec::ExecToLog '[[ python ]] -Es "$INSTDIR\_system_path.py" remove "$INSTDIR\bin"'
  PvzPathRemoved:
  [% endif %]
  [[ super() ]]
[% endblock install_commands %]

[% block install_shortcuts %]
  [[ super() ]]
  ; The desktop shortcut starts the counter program itself (not the demo).
  [% set main = ib.shortcuts[ib.appname] %]
  CreateShortCut "$DESKTOP\${PRODUCT_NAME}.lnk" "[[ main['target'] ]]" '[[ main['parameters'] ]]' "$INSTDIR\[[ main['icon'] ]]"
[% endblock install_shortcuts %]

[% block uninstall_shortcuts %]
  [[ super() ]]
  Delete "$DESKTOP\${PRODUCT_NAME}.lnk"
[% endblock uninstall_shortcuts %]

[% block uninstall_files %]
  [[ super() ]]
  DetailPrint "Данные и настройки сохранены: %LOCALAPPDATA%\PVZ Desktop"
[% endblock uninstall_files %]

[% block sections %]
[[ super() ]]

; After the program's section: «Programs and Features» shows the size of what was installed.
Section "-EstimatedSize"
  SetRegView [[ib.py_bitness]]
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT_NAME}" "EstimatedSize" $0
SectionEnd
[% endblock sections %]
