import type { SetupMessageKey } from "./en";

export const de: Readonly<Record<SetupMessageKey, string>> = {
  "page.language": "Sprache",
  title: "Die Tablets dieses Geschäfts einrichten",
  intro:
    "Tablets und Handys im WLAN des Geschäfts öffnen Stamp über HTTPS, mit einem Zertifikat, das dieser Server selbst erstellt hat. Browser erlauben Kamera, Offline-Betrieb und Signaturen nur über HTTPS – darum vertraut jedes Gerät dem Zertifikat dieses Geschäfts einmal. Das dauert zwei Minuten pro Gerät.",
  "public.intro":
    "Dieser Server läuft unter einer öffentlichen Adresse mit echtem Zertifikat: Es ist nichts zu installieren. Öffnen Sie den Kiosk auf jedem Tablet.",
  "download.title": "1. Zertifikat herunterladen",
  "download.crt": "Zertifikat herunterladen",
  "download.profile": "iPad oder iPhone: Profil herunterladen",
  "download.fingerprint":
    "Bevor Sie ihm vertrauen, zeigt das Gerät eventuell den Fingerabdruck. Er muss lauten:",
  "download.sha256": "SHA-256",
  "download.sha1": "SHA-1 (unter Windows „Fingerabdruck“)",
  "download.name": "Name des Zertifikats",
  "platforms.title": "2. Auf dem Gerät vertrauen",
  "platforms.pick": "Öffnen Sie die Schritte für Ihr Gerät:",
  "open.title": "3. Den Kiosk öffnen",
  "open.kiosk": "Kiosk, auf jedem Tablet",
  "open.admin": "Verwaltung",
  "open.scan": "Mit der Kamera des Tablets scannen oder die Adresse eintippen.",
  "open.install":
    "Dann installieren: So startet Stamp vom Home-Bildschirm und arbeitet weiter, wenn das WLAN ausfällt.",
  "open.check":
    "Warnt der Browser, die Verbindung sei nicht privat, ist das Zertifikat noch nicht vertrauenswürdig: zurück zu Schritt 2.",
  "names.title": "Adressen, für die dieses Zertifikat gilt",
  "names.body":
    "Öffnen Sie den Kiosk unter einer davon. Ändert sich die Adresse des Computers im Netz, erstellt der Server von selbst ein neues Zertifikat; die Geräte vertrauen ihm weiterhin.",
  "customers.title": "Handys der Kundschaft",
  "customers.body":
    "Handys der Kundschaft vertrauen diesem Zertifikat nicht, und Apple Wallet aktualisiert Karten nur von einer öffentlichen Adresse. Für den echten Start betreiben Sie Stamp auf einem öffentlichen Server (siehe README: „Running it for real“).",
  "profile.description":
    "Damit vertraut dieses Gerät dem Stamp-Server im Netz des Geschäfts. Prüfen Sie den Fingerabdruck auf der Einrichtungsseite.",
  "drawing.label": "So sieht es aus auf: {platform}",

  "ipados.name": "iPad und iPhone",
  "ipados.step1":
    "Öffnen Sie diese Seite in Safari auf dem iPad, tippen Sie auf „{profile}“ und erlauben Sie den Download.",
  "ipados.step2":
    "Öffnen Sie Einstellungen, tippen Sie oben auf „{downloaded}“, dann auf Installieren (Code eingeben) und nochmals Installieren.",
  "ipados.step3":
    "Gehen Sie zu Einstellungen › Allgemein › Info › Zertifikatsvertrauenseinstellungen und schalten Sie „{ca}“ ein.",
  "ipados.step4":
    "Öffnen Sie die Kiosk-Adresse in Safari, tippen Sie auf Teilen › Zum Home-Bildschirm und starten Sie Stamp vom Home-Bildschirm.",
  "ipados.ui.settings": "Einstellungen",
  "ipados.ui.downloaded": "Profil geladen",
  "ipados.ui.trust": "Zertifikatsvertrauenseinstellungen",
  "ipados.ui.fullTrust": "Volles Vertrauen für Root-Zertifikate aktivieren",

  "android.name": "Android",
  "android.step1": "Öffnen Sie diese Seite in Chrome und tippen Sie auf „{crt}“.",
  "android.step2":
    "Öffnen Sie Einstellungen › Sicherheit und Datenschutz › Weitere Sicherheitseinstellungen › Verschlüsselung und Anmeldedaten › Zertifikat installieren › CA-Zertifikat (die Namen unterscheiden sich je nach Hersteller; suchen Sie in den Einstellungen nach „Zertifikat“).",
  "android.step3":
    "Tippen Sie auf „Trotzdem installieren“, bestätigen Sie mit der Displaysperre und wählen Sie die geladene Datei „stamp-local-ca.crt“.",
  "android.step4": "Öffnen Sie die Kiosk-Adresse in Chrome, dann ⋮ › App installieren.",
  "android.ui.install": "Zertifikat installieren",
  "android.ui.ca": "CA-Zertifikat",
  "android.ui.vpn": "VPN- und App-Nutzerzertifikat",
  "android.ui.wifi": "WLAN-Zertifikat",

  "windows.name": "Windows",
  "windows.step1":
    "Laden Sie das Zertifikat herunter, öffnen Sie es und klicken Sie auf „Zertifikat installieren…“.",
  "windows.step2":
    "Wählen Sie Aktueller Benutzer › „Alle Zertifikate in folgendem Speicher speichern“ › Durchsuchen › „Vertrauenswürdige Stammzertifizierungsstellen“, dann Weiter und Fertig stellen.",
  "windows.step3":
    "Windows zeigt den Fingerabdruck: Vergleichen Sie ihn mit dem SHA-1 oben und klicken Sie auf Ja.",
  "windows.step4":
    "Schließen Sie alle Chrome- oder Edge-Fenster und öffnen Sie dann die Kiosk-Adresse; installieren Sie sie über das Symbol in der Adressleiste.",
  "windows.ui.wizard": "Zertifikatimport-Assistent",
  "windows.ui.auto": "Zertifikatspeicher automatisch auswählen",
  "windows.ui.place": "Alle Zertifikate in folgendem Speicher speichern",
  "windows.ui.store": "Vertrauenswürdige Stammzertifizierungsstellen",

  "macos.name": "Mac",
  "macos.step1":
    "Laden Sie das Zertifikat herunter und öffnen Sie es: Die Schlüsselbundverwaltung legt es im Schlüsselbund „Anmeldung“ ab.",
  "macos.step2":
    "Doppelklicken Sie in der Schlüsselbundverwaltung auf „{ca}“, öffnen Sie „Vertrauen“ und stellen Sie „Bei Verwendung dieses Zertifikats“ auf „Immer vertrauen“.",
  "macos.step3": "Schließen Sie das Fenster und bestätigen Sie mit dem Mac-Passwort.",
  "macos.step4": "Öffnen Sie die Kiosk-Adresse in Safari oder Chrome.",
  "macos.ui.trust": "Vertrauen",
  "macos.ui.when": "Bei Verwendung dieses Zertifikats:",
  "macos.ui.always": "Immer vertrauen",
  "macos.ui.ssl": "Secure Sockets Layer (SSL)",

  "chromeos.name": "Chromebook",
  "chromeos.step1": "Laden Sie das Zertifikat herunter: Es landet im Ordner „Downloads“.",
  "chromeos.step2":
    "Öffnen Sie Chrome › Einstellungen › Datenschutz und Sicherheit › Sicherheit › Zertifikate verwalten, Tab Zertifizierungsstellen (neuere Versionen: Lokale Zertifikate › Von Ihnen installiert), und klicken Sie auf Importieren.",
  "chromeos.step3":
    "Wählen Sie „stamp-local-ca.crt“, setzen Sie das Häkchen bei „Diesem Zertifikat zur Identifizierung von Websites vertrauen“ und klicken Sie auf OK.",
  "chromeos.step4":
    "Öffnen Sie die Kiosk-Adresse und installieren Sie sie über das Symbol in der Adressleiste.",
  "chromeos.ui.manage": "Zertifikate verwalten",
  "chromeos.ui.authorities": "Zertifizierungsstellen",
  "chromeos.ui.import": "Importieren",
  "chromeos.ui.websites": "Diesem Zertifikat zur Identifizierung von Websites vertrauen",
};
