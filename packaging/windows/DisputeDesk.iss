; Inno Setup 6 script: DisputeDesk for Windows, per-user install (no administrator rights).
;
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\dist\DisputeDesk /DIconFile=..\..\build\icons\disputedesk.ico packaging\windows\DisputeDesk.iss
;
; The release workflow (.github/workflows/release.yml) passes the version read from
; pyproject.toml; the defaults below match a local `pyinstaller packaging/disputedesk.spec`.
; Output: dist\installer\DisputeDesk-<version>-setup.exe
;
; The user's data (%APPDATA%\DisputeDesk: database, attachments, letters, backups) is never
; installed, changed or removed by this script: the uninstaller deletes only the program files
; it installed, so a reinstall or an upgrade finds every dispute where it was.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\DisputeDesk"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\disputedesk.ico"
#endif
#define AppName "DisputeDesk"
#define AppExe "DisputeDesk.exe"

[Setup]
; Never change AppId: upgrades and the uninstaller find earlier installs by it.
AppId={{6F1C2A7E-3B8D-4E55-9A41-D15C0E7F2B90}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
; Per-user install: %LOCALAPPDATA%\Programs\DisputeDesk, no UAC prompt. A user who runs the
; installer "as administrator" may still choose an install for all users in the dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
OutputDir=..\..\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Close a running DisputeDesk before replacing its files (it saves on close).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller onedir folder. ignoreversion: every file of a release replaces the
; previous one (Qt and Python libraries carry their own, unrelated version numbers).
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[InstallDelete]
; An upgrade first removes the previous program files (a module dropped from a release must
; not linger and shadow the new one). Only the program folder: never the user's data.
Type: filesandordirs; Name: "{app}\_internal"

[UninstallDelete]
; Python writes bytecode caches beside the bundled migration scripts at first run: program
; files, so the whole _internal folder goes. Deliberately NOT listed: {userappdata}\DisputeDesk
; (the user's data) and a portable {app}\DisputeDesk-data folder — uninstalling never
; deletes a customer's file.
Type: filesandordirs; Name: "{app}\_internal"
