import type { SetupMessageKey } from "./en";

export const de: Readonly<Record<SetupMessageKey, string>> = {
  "setup.page.language": "Sprache",
  "setup.title": "Die Tablets dieses Geschäfts einrichten",
  "setup.intro":
    "Tablets und Handys im WLAN des Geschäfts öffnen Stamp über HTTPS, mit einem Zertifikat, das dieser Server selbst erstellt hat. Browser erlauben Kamera, Offline-Betrieb und Signaturen nur über HTTPS – darum vertraut jedes Gerät dem Zertifikat dieses Geschäfts einmal. Das dauert zwei Minuten pro Gerät.",
  "setup.public.intro":
    "Dieser Server läuft unter einer öffentlichen Adresse mit echtem Zertifikat: Es ist nichts zu installieren. Öffnen Sie den Kiosk auf jedem Tablet.",
  "setup.download.title": "1. Zertifikat herunterladen",
  "setup.download.crt": "Zertifikat herunterladen",
  "setup.download.profile": "iPad oder iPhone: Profil herunterladen",
  "setup.download.fingerprint":
    "Bevor Sie ihm vertrauen, zeigt das Gerät eventuell den Fingerabdruck. Er muss lauten:",
  "setup.download.sha256": "SHA-256",
  "setup.download.sha1": "SHA-1 (unter Windows „Fingerabdruck“)",
  "setup.download.name": "Name des Zertifikats",
  "setup.platforms.title": "2. Auf dem Gerät vertrauen",
  "setup.platforms.pick": "Öffnen Sie die Schritte für Ihr Gerät:",
  "setup.open.title": "3. Den Kiosk öffnen",
  "setup.open.kiosk": "Kiosk, auf jedem Tablet",
  "setup.open.admin": "Verwaltung",
  "setup.open.scan": "Mit der Kamera des Tablets scannen oder die Adresse eintippen.",
  "setup.open.install":
    "Dann installieren: So startet Stamp vom Home-Bildschirm und arbeitet weiter, wenn das WLAN ausfällt.",
  "setup.open.check":
    "Warnt der Browser, die Verbindung sei nicht privat, ist das Zertifikat noch nicht vertrauenswürdig: zurück zu Schritt 2.",
  "setup.names.title": "Adressen, für die dieses Zertifikat gilt",
  "setup.names.body":
    "Öffnen Sie den Kiosk unter einer davon. Ändert sich die Adresse des Computers im Netz, erstellt der Server von selbst ein neues Zertifikat; die Geräte vertrauen ihm weiterhin.",
  "setup.customers.title": "Handys der Kundschaft",
  "setup.customers.body":
    "Handys der Kundschaft vertrauen diesem Zertifikat nicht, und Apple Wallet aktualisiert Karten nur von einer öffentlichen Adresse. Für den echten Start betreiben Sie Stamp auf einem öffentlichen Server (siehe README: „Running it for real“).",
  "setup.profile.description":
    "Damit vertraut dieses Gerät dem Stamp-Server im Netz des Geschäfts. Prüfen Sie den Fingerabdruck auf der Einrichtungsseite.",
  "setup.drawing.label": "So sieht es aus auf: {platform}",

  "setup.ipados.name": "iPad und iPhone",
  "setup.ipados.step1":
    "Öffnen Sie diese Seite in Safari auf dem iPad, tippen Sie auf „{profile}“ und erlauben Sie den Download.",
  "setup.ipados.step2":
    "Öffnen Sie Einstellungen, tippen Sie oben auf „{downloaded}“, dann auf Installieren (Code eingeben) und nochmals Installieren.",
  "setup.ipados.step3":
    "Gehen Sie zu Einstellungen › Allgemein › Info › Zertifikatsvertrauenseinstellungen und schalten Sie „{ca}“ ein.",
  "setup.ipados.step4":
    "Öffnen Sie die Kiosk-Adresse in Safari, tippen Sie auf Teilen › Zum Home-Bildschirm und starten Sie Stamp vom Home-Bildschirm.",
  "setup.ipados.ui.settings": "Einstellungen",
  "setup.ipados.ui.downloaded": "Profil geladen",
  "setup.ipados.ui.trust": "Zertifikatsvertrauenseinstellungen",
  "setup.ipados.ui.fullTrust": "Volles Vertrauen für Root-Zertifikate aktivieren",

  "setup.android.name": "Android",
  "setup.android.step1": "Öffnen Sie diese Seite in Chrome und tippen Sie auf „{crt}“.",
  "setup.android.step2":
    "Öffnen Sie Einstellungen › Sicherheit und Datenschutz › Weitere Sicherheitseinstellungen › Verschlüsselung und Anmeldedaten › Zertifikat installieren › CA-Zertifikat (die Namen unterscheiden sich je nach Hersteller; suchen Sie in den Einstellungen nach „Zertifikat“).",
  "setup.android.step3":
    "Tippen Sie auf „Trotzdem installieren“, bestätigen Sie mit der Displaysperre und wählen Sie die geladene Datei „stamp-local-ca.crt“.",
  "setup.android.step4": "Öffnen Sie die Kiosk-Adresse in Chrome, dann ⋮ › App installieren.",
  "setup.android.ui.install": "Zertifikat installieren",
  "setup.android.ui.ca": "CA-Zertifikat",
  "setup.android.ui.vpn": "VPN- und App-Nutzerzertifikat",
  "setup.android.ui.wifi": "WLAN-Zertifikat",

  "setup.windows.name": "Windows",
  "setup.windows.step1":
    "Laden Sie das Zertifikat herunter, öffnen Sie es und klicken Sie auf „Zertifikat installieren…“.",
  "setup.windows.step2":
    "Wählen Sie Aktueller Benutzer › „Alle Zertifikate in folgendem Speicher speichern“ › Durchsuchen › „Vertrauenswürdige Stammzertifizierungsstellen“, dann Weiter und Fertig stellen.",
  "setup.windows.step3":
    "Windows zeigt den Fingerabdruck: Vergleichen Sie ihn mit dem SHA-1 oben und klicken Sie auf Ja.",
  "setup.windows.step4":
    "Schließen Sie alle Chrome- oder Edge-Fenster und öffnen Sie dann die Kiosk-Adresse; installieren Sie sie über das Symbol in der Adressleiste.",
  "setup.windows.ui.wizard": "Zertifikatimport-Assistent",
  "setup.windows.ui.auto": "Zertifikatspeicher automatisch auswählen",
  "setup.windows.ui.place": "Alle Zertifikate in folgendem Speicher speichern",
  "setup.windows.ui.store": "Vertrauenswürdige Stammzertifizierungsstellen",

  "setup.macos.name": "Mac",
  "setup.macos.step1":
    "Laden Sie das Zertifikat herunter und öffnen Sie es: Die Schlüsselbundverwaltung legt es im Schlüsselbund „Anmeldung“ ab.",
  "setup.macos.step2":
    "Doppelklicken Sie in der Schlüsselbundverwaltung auf „{ca}“, öffnen Sie „Vertrauen“ und stellen Sie „Bei Verwendung dieses Zertifikats“ auf „Immer vertrauen“.",
  "setup.macos.step3": "Schließen Sie das Fenster und bestätigen Sie mit dem Mac-Passwort.",
  "setup.macos.step4": "Öffnen Sie die Kiosk-Adresse in Safari oder Chrome.",
  "setup.macos.ui.trust": "Vertrauen",
  "setup.macos.ui.when": "Bei Verwendung dieses Zertifikats:",
  "setup.macos.ui.always": "Immer vertrauen",
  "setup.macos.ui.ssl": "Secure Sockets Layer (SSL)",

  "setup.chromeos.name": "Chromebook",
  "setup.chromeos.step1": "Laden Sie das Zertifikat herunter: Es landet im Ordner „Downloads“.",
  "setup.chromeos.step2":
    "Öffnen Sie Chrome › Einstellungen › Datenschutz und Sicherheit › Sicherheit › Zertifikate verwalten, Tab Zertifizierungsstellen (neuere Versionen: Lokale Zertifikate › Von Ihnen installiert), und klicken Sie auf Importieren.",
  "setup.chromeos.step3":
    "Wählen Sie „stamp-local-ca.crt“, setzen Sie das Häkchen bei „Diesem Zertifikat zur Identifizierung von Websites vertrauen“ und klicken Sie auf OK.",
  "setup.chromeos.step4":
    "Öffnen Sie die Kiosk-Adresse und installieren Sie sie über das Symbol in der Adressleiste.",
  "setup.chromeos.ui.manage": "Zertifikate verwalten",
  "setup.chromeos.ui.authorities": "Zertifizierungsstellen",
  "setup.chromeos.ui.import": "Importieren",
  "setup.chromeos.ui.websites": "Diesem Zertifikat zur Identifizierung von Websites vertrauen",
};
