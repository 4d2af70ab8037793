import type { Catalog } from "./catalog";

export const de: Catalog = {
  "common.close": "Schließen",
  "common.cancel": "Abbrechen",
  "common.save": "Speichern",

  "boot.loading": "Stempelbuch wird geöffnet …",
  "startup.insecure.title": "Stamp über die sichere Adresse öffnen",
  "startup.insecure.body":
    "Diese Adresse ist nicht sicher (kein HTTPS), deshalb schaltet der Browser ab, was eine Kasse braucht: die Kamera, das Arbeiten ohne Netz und die Kartenprüfung.",
  "startup.insecure.open": "Sichere Adresse öffnen",
  "startup.insecure.scan": "Oder diesen Code mit dem Tablet scannen, auf dem Stamp laufen soll.",
  "startup.insecure.trust":
    "Beim ersten Mal muss das Tablet dem Zertifikat des Ladens vertrauen – das dauert eine Minute:",
  "startup.insecure.setup": "Einrichtungsschritte für dieses Gerät",
  "startup.insecure.noAddress":
    "Dieser Server hat noch keine sichere Adresse. Bitte die Person, die Stamp eingerichtet hat, HTTPS einzuschalten:",
  "startup.storage.title": "Stamp kann seinen Speicher auf diesem Gerät nicht öffnen",
  "startup.storage.body":
    "Stempel werden zuerst auf dem Gerät gespeichert, dafür braucht Stamp den Speicher des Browsers. Privates Surfen beenden oder Platz schaffen, dann erneut versuchen.",
  "startup.session.title": "Stamp konnte nicht starten",
  "startup.session.body":
    "Es ist nichts verloren gegangen. Erneut versuchen; wenn es wieder passiert, das Tablet neu starten oder die Leitung rufen.",
  "startup.detail": "Für den Support: {detail}",
  "startup.retry": "Erneut versuchen",

  "mode.switch": "Modus",
  "mode.staff": "Scanner",
  "mode.kiosk": "Kiosk",
  "mode.autopilot": "Autopilot",
  "mode.staff.hint": "Personal scannt Kundenkarten mit der Kamera",
  "mode.kiosk.hint": "Kundschaft scannt die eigene Karte an der Theke",
  "mode.autopilot.hint": "Ein USB- oder Bluetooth-Scanner stempelt im Hintergrund",

  "status.online": "Online",
  "status.offline": "Offline – Stempel bleiben auf diesem Gerät",
  "status.allSaved": "Alles gespeichert",
  "status.waiting": {
    one: "{count} Änderung noch nicht gesendet",
    other: "{count} Änderungen noch nicht gesendet",
  },
  "status.synced": "Synchronisiert {when}",
  "status.neverSynced": "Noch nicht synchronisiert",
  "status.otherTab": "Synchronisiert in einem anderen Tab",
  "status.clockSkew": {
    one: "Geräteuhr geht {count} Minute falsch",
    other: "Geräteuhr geht {count} Minuten falsch",
  },
  "status.rejected": { one: "{count} Ereignis abgelehnt", other: "{count} Ereignisse abgelehnt" },
  "status.streamHeldBack": "Live-Sync vom Netzwerk zurückgehalten",

  "banner.updateReady": "Eine neue Version von Stamp ist bereit.",
  "banner.updateWaiting":
    "Update folgt, sobald die aktuelle Kundin / der aktuelle Kunde fertig ist …",
  "banner.updateNow": "Jetzt aktualisieren",
  "banner.upgradedElsewhere":
    "Stamp wurde in einem anderen Tab aktualisiert. Diesen Tab neu laden, um weiter zu stempeln.",
  "banner.outdatedApp":
    "Diese Version von Stamp ist zu alt für den Server, deshalb wird nichts gesendet. Aktualisieren Sie die App – die Stempel von inzwischen bleiben auf diesem Gerät und werden nach dem Update gesendet.",
  "banner.outdatedServer":
    "Der Stamp-Server ist älter als diese App, deshalb wird nichts gesendet. Bitten Sie, wer Ihren Server betreibt, ihn zu aktualisieren – die Stempel von inzwischen bleiben auf diesem Gerät.",
  "banner.updateApp": "App aktualisieren",
  "banner.tryAgain": "Erneut versuchen",
  "banner.reload": "Neu laden",
  "banner.clockWrong": {
    one: "Datum oder Uhrzeit dieses Geräts stimmen nicht, deshalb hat der Server {count} Ereignis abgelehnt. Es bleibt hier gespeichert: Datum und Uhrzeit (automatisch) einstellen, dann wird es erneut gesendet.",
    other:
      "Datum oder Uhrzeit dieses Geräts stimmen nicht, deshalb hat der Server {count} Ereignisse abgelehnt. Sie bleiben hier gespeichert: Datum und Uhrzeit (automatisch) einstellen, dann werden sie erneut gesendet.",
  },
  "banner.storageMayBeCleared":
    "Dieser Browser darf die gespeicherten Stempel löschen, wenn der Speicher knapp wird. Stamp installieren (Zum Home-Bildschirm oder App installieren), dann bleiben sie erhalten.",
  "banner.gotIt": "Verstanden",

  "banner.syncStorageFull":
    "Der Speicher dieses Geräts ist voll, deshalb können Stempel anderer Kassen hier nicht gespeichert werden. Stempeln geht weiter. Auf dem Gerät Platz schaffen (nicht benötigte Fotos, Videos oder Apps löschen) – Stamp holt alles von selbst nach.",
  "storage.quota":
    "Der Speicher dieses Geräts ist voll – nichts wurde gespeichert. Platz schaffen und erneut versuchen.",
  "storage.connectionLost":
    "Der Gerätespeicher antwortet nicht – nichts wurde gespeichert. Bitte erneut versuchen.",
  "storage.upgradedElsewhere":
    "Stamp wurde in einem anderen Tab aktualisiert – diesen Tab neu laden.",
  "storage.unknown": "Nichts wurde gespeichert: {detail}",

  "card.progress": { one: "{count} von {goal} Stempeln", other: "{count} von {goal} Stempeln" },
  "card.toGo": { one: "Noch {count} bis {reward}", other: "Noch {count} bis {reward}" },
  "card.cycles": { one: "{count} Karte voll", other: "{count} Karten voll" },
  "card.blocked": "Diese Karte wurde vom Geschäft gesperrt.",
  "card.stampsExpireOn":
    "Diese Stempel verfallen am {date}, wenn die Kundin oder der Kunde nicht vorher kommt.",
  "card.stampsExpiredOn":
    "Die Stempel dieser Karte sind am {date} verfallen: zu lange kein Besuch.",
  "card.expiredRewards": "Abgelaufene Prämien",

  "code.malformed": "Das ist kein Stamp-Kartencode.",
  "code.unknownKey":
    "Diese Karte ist mit einem Schlüssel signiert, den dieses Gerät noch nicht kennt. Online gehen, aktualisieren und erneut scannen.",
  "code.forged": "Dieser Kartencode ist nicht echt – die Signatur stimmt nicht.",
  "code.foreign": "Diese Karte gehört zu einem anderen Geschäft.",
  "code.caseChanged":
    "Der Scanner hat die Groß-/Kleinschreibung des Codes verändert (Feststelltaste an oder er sendet Kleinbuchstaben). Feststelltaste ausschalten oder den Scanner auf „Groß-/Kleinschreibung beibehalten“ stellen.",
  "number.offline":
    "Diese Kasse kennt die Karte noch nicht und ist offline. Bitte den QR-Code scannen.",
  "number.unknown":
    "Keine Karte hat diese Nummer. Bitte mit der Karte vergleichen oder den QR-Code scannen.",
  "number.incomplete": "Eine Kartennummer hat 9 Ziffern – prüfen Sie, ob eine fehlt.",
  "number.mistyped":
    "Diese Kartennummer hat einen Tippfehler: eine Ziffer ist falsch oder zwei sind vertauscht. Bitte mit der Karte vergleichen.",
  "code.unknownProgram":
    "Das Programm dieser Karte ist noch nicht auf diesem Gerät. Online gehen, aktualisieren und erneut scannen.",
  "code.expired":
    "Dieser Barcode ist abgelaufen (ein Screenshot?). Die Karte in Google Wallet öffnen und erneut scannen.",
  "code.noRotatingKey":
    "Diese Kasse kann die wechselnden Codes von Google Wallet noch nicht prüfen. Online gehen, aktualisieren und erneut scannen.",

  "refusal.cooldown.customer": {
    one: "Du hast schon einen Stempel bekommen – komm in {count} Min. wieder.",
    other: "Du hast schon einen Stempel bekommen – komm in {count} Min. wieder.",
  },
  "refusal.cooldown.staff": {
    one: "Gerade erst gestempelt – nächster Stempel in {count} Min. möglich.",
    other: "Gerade erst gestempelt – nächster Stempel in {count} Min. möglich.",
  },
  "refusal.scanCap": {
    one: "Ein Scan gibt höchstens {count} Stempel",
    other: "Ein Scan gibt höchstens {count} Stempel",
  },
  "refusal.visitCap": {
    one: "Nur {count} Stempel pro Besuch.",
    other: "Nur {count} Stempel pro Besuch.",
  },
  "refusal.dailyCap.customer": {
    one: "Für heute sind alle Stempel gesammelt – bis in {count} Stunde!",
    other: "Für heute sind alle Stempel gesammelt – bis in {count} Stunden!",
  },
  "refusal.dailyCap.staff": {
    one: "Tageslimit von {max} erreicht – nächster Stempel in {count} Stunde.",
    other: "Tageslimit von {max} erreicht – nächster Stempel in {count} Stunden.",
  },
  "refusal.blocked": "Diese Karte ist gesperrt. Bitte wende dich an das Personal.",

  "earning.amountRequired": "Dieses Programm stempelt nach Betrag – Bonsumme eingeben.",
  "earning.amountRequired.customer":
    "Hier hängen die Stempel von deiner Bestellung ab – bitte lass dir vom Personal stempeln.",
  "earning.invalidAmount": "Bonsumme als Zahl eingeben, z. B. 12,50.",
  "earning.currencyMismatch": "Dieses Programm rechnet in {currency}.",
  "earning.belowMinimum": "Unter {amount} – kein Stempel für diese Bestellung.",

  "camera.starting": "Kamera startet …",
  "camera.live": "QR-Code in den Rahmen halten",
  "camera.torch": "Taschenlampe",
  "camera.problem.denied.title": "Die Kamera ist gesperrt",
  "camera.problem.denied.check":
    "Erlauben Sie die Kamera für diese Seite: Kamera- oder Schloss-Symbol in der Adressleiste (oder Einstellungen › Website-Einstellungen › Kamera), „Zulassen“ wählen, dann erneut versuchen.",
  "camera.problem.not-found.title": "Keine Kamera gefunden",
  "camera.problem.not-found.check":
    "Dieses Gerät hat keine Kamera oder sie ist nicht angeschlossen. Schließen Sie eine an, oder tippen Sie die Kartennummer ein bzw. nutzen Sie einen Barcode-Scanner.",
  "camera.problem.in-use.title": "Die Kamera ist belegt",
  "camera.problem.in-use.check":
    "Eine andere App oder ein anderer Browser-Tab benutzt die Kamera. Schließen Sie sie und versuchen Sie es erneut.",
  "camera.problem.ended.title": "Die Kamera hat aufgehört",
  "camera.problem.ended.check":
    "Die Kamera wurde getrennt oder ausgeschaltet. Prüfen Sie Kabel oder Abdeckung und versuchen Sie es erneut.",
  "camera.problem.insecure.title": "Die Kamera braucht eine sichere Adresse",
  "camera.problem.insecure.check":
    "Öffnen Sie Stamp über seine https://-Adresse (die Einrichtungsseite des Servers zeigt sie) und versuchen Sie es erneut.",
  "camera.problem.unknown.title": "Die Kamera ist nicht gestartet",
  "camera.problem.unknown.check":
    "Versuchen Sie es erneut. Wenn es weiter scheitert, schließen Sie den Browser ganz und öffnen Stamp neu, oder starten Sie das Gerät neu.",
  "camera.retry": "Erneut versuchen",
  "camera.askStaff": "Bitte fragen Sie unser Personal — wir tragen Ihren Stempel ein.",
  "camera.staffCheck": "Für das Personal: {check}",
  "camera.typeNumber": "Kartennummer eintippen",
  "camera.useAutopilot": "Barcode-Scanner nutzen",
  "kiosk.joinTitle": "Noch keine Karte?",
  "kiosk.joinHint": "Mit der Handykamera scannen und Karte holen. Keine App nötig.",

  "staff.scanTitle": "Karte scannen",
  "staff.tapToScan": "Zum Scannen tippen",
  "staff.tapToScanHint": "Öffnet die Rückkamera",
  "staff.stopCamera": "Kamera schließen",
  "staff.cardNumber": "Kartennummer",
  "staff.manualLabel": "Oder Kartennummer eingeben",
  "staff.manualCheck": "Prüfen",
  "staff.emptyState": "Kundenkarte scannen, um Stempel und Prämien zu sehen.",
  "staff.checking": "Karte wird geprüft …",
  "staff.loadingCard": "Karte wird geladen …",
  "staff.refusedTitle": "Karte abgelehnt",
  "staff.actionsTitle": "Stempel",
  "staff.addCount": { one: "{count} Stempel geben", other: "{count} Stempel geben" },
  "staff.addByAmount": "Stempel geben",
  "staff.amountLabel": "Bonsumme ({currency})",
  "staff.amountRule": "1 Stempel pro {amount}",
  "staff.howMany": "Wie viele Stempel",
  "staff.fewer": "Einen weniger",
  "staff.more": "Einen mehr",
  "staff.added": {
    one: "{count} Stempel hinzugefügt – gespeichert",
    other: "{count} Stempel hinzugefügt – gespeichert",
  },
  "staff.undo": "Letzten Stempel zurücknehmen",
  "staff.undoReason": "An der Kasse zurückgenommen",
  "staff.undone": "Letzter Stempel zurückgenommen – gespeichert",
  "staff.nextCard": "Nächste Karte",
  "staff.rewardsTitle": "Prämien bereit",
  "staff.handOver": "Ausgeben",
  "staff.redeem": "Einlösen",
  "staff.handedOver": "{reward} ausgegeben – gespeichert",
  "staff.redeemed": "{reward} eingelöst – gespeichert",
  "staff.changedMeanwhile":
    "Ein anderer Bildschirm hat diese Karte zuerst geändert – nichts gespeichert. Bitte noch einmal ansehen.",

  "kiosk.headline": "Hol dir deinen Stempel",
  "kiosk.instructions": "Halte den QR-Code deiner Karte vor die Kamera.",
  "kiosk.working": "Einen Moment …",
  "kiosk.offer": { one: "{count} Stempel = {reward}", other: "{count} Stempel = {reward}" },
  "kiosk.tapToStart": "Zum Scannen tippen",
  "kiosk.language": "Sprache",
  "kiosk.staff": "Personal",
  "kiosk.leaveReason": "Personal-PIN eingeben, um den Kiosk-Modus zu verlassen.",
  "kiosk.stamped": { one: "Stempel erhalten!", other: "{count} Stempel erhalten!" },
  "kiosk.refusedHeadline": "Fast geschafft!",
  "kiosk.refusedHeadlineNew": "Diesmal nicht",
  "kiosk.invalidHeadline": "Diese Karte können wir nicht verwenden",
  "kiosk.notSavedHeadline": "Entschuldigung – das hat nicht geklappt",
  "kiosk.done": "Fertig",

  "autopilot.ready": "Bereit zum Scannen",
  "autopilot.readyHint": "Kundenkarte mit dem Scanner lesen – nichts antippen nötig.",
  "autopilot.stamped": { one: "+{count} Stempel", other: "+{count} Stempel" },
  "autopilot.rewardReady": "Prämie bereit: {reward}",
  "autopilot.refused": "Kein Stempel",
  "autopilot.invalid": "Karte abgelehnt",
  "autopilot.notSaved": "Nicht gespeichert",
  "autopilot.typingIgnored": "Tippen ignoriert – nur Scanner-Eingaben stempeln.",
  "autopilot.recent": "Letzte Scans",
  "autopilot.noScans": "Noch keine Scans.",
  "autopilot.calibrate": "Kalibrieren",
  "autopilot.settings": "Scanner-Einstellungen",

  "scan.refused.card-blocked": "Karte gesperrt",
  "scan.refused.cooldown": "Zu kurz nach dem letzten Stempel",
  "scan.refused.scan-cap": "Zu viele Stempel für einen Scan",
  "scan.refused.visit-cap": "Besuchslimit erreicht",
  "scan.refused.daily-cap": "Tageslimit erreicht",
  "scan.refused.amount-required": "Bonsumme nötig",
  "scan.refused.invalid-amount": "Ungültiger Betrag",
  "scan.refused.currency-mismatch": "Falsche Währung",
  "scan.refused.below-minimum": "Betrag zu klein",
  "scan.invalid.malformed": "Kein Kartencode",
  "scan.invalid.unknown-key": "Unbekannter Schlüssel",
  "scan.invalid.forged": "Gefälschter Code",
  "scan.invalid.foreign": "Karte eines anderen Geschäfts",
  "scan.invalid.unknown-program": "Unbekanntes Programm",
  "scan.invalid.case-changed": "Scanner änderte Groß-/Kleinschreibung (Feststelltaste?)",
  "scan.invalid.number-mistyped": "Kartennummer vertippt",
  "scan.invalid.number-incomplete": "Kartennummer unvollständig",
  "scan.invalid.number-unknown": "Unbekannte Kartennummer",
  "scan.invalid.number-offline": "Kartennummer (offline)",
  "scan.invalid.expired": "Abgelaufener Code (Screenshot?)",
  "scan.invalid.no-rotating-key": "Wechselnde Codes noch nicht prüfbar",

  "calibrate.title": "Scanner kalibrieren",
  "calibrate.scanTestCard": "Testkarte scannen",
  "calibrate.hint":
    "Eine beliebige Kundenkarte einmal scannen. Stamp misst, wie schnell der Scanner tippt.",
  "calibrate.tooSlow":
    "Dieser Scanner tippt zu langsam für den Autopilot. Bluetooth-/USB-Modus prüfen oder einen schnelleren Scanner verwenden.",
  "calibrate.chars": "Zeichen",
  "calibrate.mean": "Durchschnitt pro Zeichen",
  "calibrate.p95": "Langsamste 5 % der Pausen",
  "calibrate.max": "Längste Pause",
  "calibrate.ms": "{value} ms",
  "calibrate.suggestion": "Vorschlag: bis {avg} ms pro Zeichen, Pausen bis {gap} ms.",
  "calibrate.again": "Erneut messen",
  "calibrate.use": "Diese Einstellungen übernehmen",

  "scanner.title": "Scanner-Einstellungen",
  "scanner.msPerChar": "Langsamstes Tempo, das als Scanner zählt (ms pro Zeichen)",
  "scanner.maxGap": "Längste Pause innerhalb eines Codes (ms)",
  "scanner.endSilence": "Stille, die einen Code ohne Suffix beendet (ms)",
  "scanner.minLength": "Mindestlänge des Codes",
  "scanner.prefix": "Präfix-Zeichen",
  "scanner.suffix": "Suffix-Taste",
  "scanner.none": "Keine",
  "scanner.defaults": "Standardwerte",

  "pin.title": "Personal-PIN",
  "pin.label": "PIN",
  "pin.unlock": "Entsperren",
  "pin.wrong": "Diese PIN stimmt nicht.",
  "pin.locked": {
    one: "Zu viele Versuche. {count} Sekunde warten.",
    other: "Zu viele Versuche. {count} Sekunden warten.",
  },
  "pin.delete": "Löschen",

  "signIn.title": "Wer arbeitet gerade?",
  "signIn.intro": "Den eigenen Namen antippen, dann die PIN eingeben.",
  "signIn.none":
    "An diesem Standort hat noch niemand eine Kassen-PIN. Inhaber oder Leitung legen Personal und PINs in der Verwaltung an (Kassenpersonal).",
  "signIn.pinFor": "PIN für {name}",
  "signIn.submit": "Anmelden",
  "signIn.someoneElse": "Jemand anderes",
  "signIn.checking": "Wird geprüft …",
  "signIn.locked": {
    one: "Zu viele falsche PINs. Diese Kasse nimmt in {count} Minute wieder PINs an.",
    other: "Zu viele falsche PINs. Diese Kasse nimmt in {count} Minuten wieder PINs an.",
  },
  "signIn.signedIn": "Angemeldet: {name}",
  "signIn.nobody": "Niemand angemeldet",
  "signIn.switch": "Person wechseln",
  "signIn.signOut": "Abmelden",

  "rejected.title": "Vom Server abgelehnt",
  "rejected.intro":
    "Der Server hat diese Ereignisse abgelehnt, sie zählen daher nicht. Falls nötig in der Verwaltung korrigieren.",
  "rejected.stamps": { one: "{count} Stempel", other: "{count} Stempel" },
  "rejected.undo": "Rücknahme",
  "rejected.reward": "Prämie",
  "rejected.card": "Karte …{card}",
  "rejected.clear": "Liste leeren",
  "rejected.reason.invalid-event":
    "Der Server konnte dieses Ereignis nicht lesen. Bitte die App aktualisieren.",
  "rejected.reason.wrong-device":
    "Dieses Ereignis nennt ein anderes Gerät. Bitte das Gerät neu koppeln.",
  "rejected.reason.wrong-merchant":
    "Dieses Ereignis nennt ein anderes Geschäft. Bitte das Gerät neu koppeln.",
  "rejected.reason.unknown-program": "Der Server kennt das Programm dieser Karte nicht.",
  "rejected.reason.unknown-card": "Der Server kennt diese Karte nicht.",
  "rejected.reason.program-mismatch": "Diese Karte gehört zu einem anderen Programm.",
  "rejected.reason.unknown-program-version":
    "Dieses Gerät zeigte ein neueres Programm als der Server.",
  "rejected.reason.id-conflict": "Der Server hat ein anderes Ereignis mit derselben Kennung.",
  "rejected.reason.server-only":
    "Das macht nur der Server (Bons, Kasse, API), keine Kasse vor Ort.",
  "rejected.reason.scan-cap": "Mehr Stempel, als ein Scan geben darf.",
  "rejected.reason.revoke-target-unknown":
    "Der zurückzunehmende Stempel ist nicht auf dieser Karte.",
  "rejected.reason.unknown-staff":
    "Der Server kennt die Mitarbeiterin oder den Mitarbeiter dieses Ereignisses nicht.",
  "rejected.reason.device-clock-wrong": "Datum und Uhrzeit dieses Geräts waren falsch.",
  "rejected.reason.card-blocked": "Diese Karte ist gesperrt.",
  "rejected.reason.cooldown": "Zu kurz nach dem letzten Stempel der Karte.",
  "rejected.reason.visit-cap": "Mehr Stempel, als ein Besuch erlaubt.",
  "rejected.reason.daily-cap": "Mehr Stempel, als die Karte in 24 Stunden bekommen darf.",
  "rejected.reason.voucher-not-found": "Diese Karte hat diese Prämie nicht verdient.",
  "rejected.reason.voucher-already-redeemed": "Diese Prämie wurde schon eingelöst.",
  "rejected.reason.voucher-expired": "Diese Prämie war abgelaufen.",
  "rejected.reason.voucher-withdrawn": "Diese Prämie wurde zurückgezogen.",

  "settings.title": "Einstellungen",
  "settings.language": "Sprache",
  "settings.sound": "Ton",
  "settings.soundLabel": "Piepton bei jedem Scan",
  "settings.storage": "Speicher",
  "settings.storagePersisted":
    "Dieser Browser behält die Daten von Stamp auch bei knappem Speicher.",
  "settings.storageNotPersisted":
    "Der Browser kann die Daten von Stamp bei knappem Speicher löschen. App installieren (Zum Startbildschirm), um sie zu behalten.",
  "settings.storageUnsupported":
    "Dieser Browser kann nicht zusichern, die Daten von Stamp zu behalten.",
  "settings.askPersist": "Daten behalten anfragen",
  "settings.device": "Dieses Gerät",
  "settings.deviceName": "Name",
  "settings.merchant": "Geschäft",
  "settings.location": "Standort",
  "settings.programs": "Programme",
  "settings.sync": "Synchronisierung",
  "settings.syncHeldBack":
    "Das Netzwerk zwischen diesem Gerät und dem Server hat den Live-Sync-Stream zurückgehalten: Ein Proxy puffert oder komprimiert Server-Sent Events (text/event-stream). Dieses Gerät fragt stattdessen beim Server nach Neuem; Änderungen kommen weiter an, mit je einer Anfrage. Abhilfe: Pufferung und Kompression von text/event-stream am Proxy abschalten.",
  "settings.refresh": "Programme und Schlüssel aktualisieren",
  "settings.refreshed": "Programme und Schlüssel sind aktuell.",
  "settings.refreshFailed": "Aktualisieren fehlgeschlagen – sind wir online?",
  "settings.unpair": "Gerät abmelden",
  "settings.unpairReason": "Personal-PIN eingeben, um dieses Gerät abzumelden.",
  "settings.unpairLoss": {
    one: "{count} Ereignis ist noch nicht beim Server angekommen und geht beim Abmelden verloren.",
    other:
      "{count} Ereignisse sind noch nicht beim Server angekommen und gehen beim Abmelden verloren.",
  },
  "settings.unpairAnyway": "Trotzdem abmelden",

  "pair.title": "Gerät koppeln",
  "pair.intro":
    "In der Verwaltung unter Geräte einen Kopplungscode erstellen und hier eingeben oder scannen.",
  "pair.code": "Kopplungscode",
  "pair.scan": "Scannen",
  "pair.name": "Gerätename",
  "pair.defaultName": "Kasse",
  "pair.mode": "Wie wird dieses Gerät genutzt?",
  "pair.submit": "Gerät koppeln",
  "pair.pairing": "Wird gekoppelt …",
  "pair.offline":
    "Keine Verbindung. Das Koppeln braucht einmal Internet, danach funktioniert Stamp offline.",
  "pair.expired":
    "Dieser Code ist abgelaufen oder wurde schon benutzt. Einen neuen in der Verwaltung erstellen.",
  "pair.unknown": "Dieser Code ist unbekannt. Bitte prüfen und erneut versuchen.",
  "pair.failed": "Koppeln fehlgeschlagen: {message}",
  "pair.badAnswer": "Die Antwort des Servers ist nicht verwendbar ({problem}).",

  "unpaired.title": "Gerät vom Geschäft abgemeldet",
  "unpaired.body":
    "{merchant} hat dieses Gerät entfernt; es kann nicht mehr stempeln oder synchronisieren.",
  "unpaired.waiting": {
    one: "{count} hier erstelltes Ereignis hat den Server nie erreicht.",
    other: "{count} hier erstellte Ereignisse haben den Server nie erreicht.",
  },
  "reward.earned": "Prämie verdient!",
  "walletLost.title":
    "Diese Karte wird auf dem Handy nicht mehr aktualisiert – bitte neu hinzufügen",
  "walletLost.body":
    "Bitten Sie den Kunden, diesen Code mit der Handykamera zu scannen und die Karte erneut zum Wallet hinzuzufügen. Die Stempel bleiben erhalten.",
  "walletLost.qr": "QR-Code: die Kartenseite des Kunden mit den Knöpfen zum Hinzufügen ins Wallet",
  "walletLost.reason.apple-removed":
    "Die Karte wurde auf dem Handy aus Apple Wallet entfernt oder ihre automatischen Aktualisierungen wurden ausgeschaltet.",
  "walletLost.reason.google-removed": "Die Karte ist auf dem Handy nicht mehr in Google Wallet.",
  "walletLost.reason.not-fetched":
    "Das Handy hat die Änderungen der Karte seit über einer Woche nicht abgeholt.",
  "reward.earnedOn": "Verdient am {date}",
  "reward.granted.birthday": "Geburtstagsgeschenk vom {date}",
  "reward.granted.win-back": "Willkommen-zurück-Geschenk vom {date}",
  "reward.validUntil": "Gültig bis {date}",
  "reward.method.simple": "Gib sie dem Kunden.",
  "reward.method.self":
    "Der Kunde löst sie auf seinem Handy ein; du kannst sie auch hier einlösen.",
  "reward.method.staff": "Löse sie ein, wenn du sie übergibst.",
  "reward.method.code": "Tippe oder scanne den Code des Kunden zum Einlösen.",
  "reward.codeLabel": "Code des Kunden für {reward}",
  "reward.codeCheck": "Code prüfen",
  "reward.codeWrong": "Dieser Code passt nicht zu dieser Prämie.",
  "reward.prizeHidden": "Der Kunde hat diesen Preis noch nicht aufgedeckt.",
  "reward.confirm.handOver": "{reward} übergeben?",
  "reward.confirm.redeem": "{reward} einlösen?",
  "reward.confirm.body":
    "Gib dem Kunden die Prämie, dann bestätige. Sie gilt dann an jeder Kasse und auf der Karte des Kunden als eingelöst.",
  "reward.confirm.handOverYes": "Übergeben",
  "reward.confirm.redeemYes": "Einlösen",
  "reward.alreadyRedeemed": "Bereits eingelöst am {date}, {time}.",
  "reward.expired": "Abgelaufen am {date}.",
  "reward.withdrawn": "Zurückgezogen: die Stempel dafür wurden rückgängig gemacht.",
  "reward.notKnown":
    "Diese Kasse kennt diese Prämie noch nicht. Verbinde zum Synchronisieren und scanne erneut.",
  "reward.scanned": "Gutschein gescannt",
  "undo.warn.title": "Diesen Stempel rückgängig machen?",
  "undo.warn.withdrawn":
    "{reward} ist einlösbar: das Rückgängigmachen nimmt sie zurück, bis die Stempel wieder verdient sind.",
  "undo.warn.alreadyUsed":
    "{reward} wurde schon eingelöst und bleibt es. Der nötige Stempel wird zurückgenommen, und der Chef sieht einen Konflikt zur Prüfung.",
  "undo.warn.confirm": "Trotzdem rückgängig",
  "undo.warn.keep": "Stempel behalten",
  "autopilot.voucherRedeemed": "Eingelöst: {reward}",
  "autopilot.voucherRefused": "Gutschein nicht eingelöst",
  "autopilot.voucherSelf": "Diese Prämie wird auf dem Handy des Kunden eingelöst.",
  "autopilot.voucherCode": "Diese Prämie wird mit ihrem Code am Scanner eingelöst.",
  "kiosk.showStaff": "Zeig diesen Bildschirm dem Personal, um sie zu bekommen.",
  "kiosk.spin": "Drehen und Preis aufdecken",
  "kiosk.prizeWon": "Du hast gewonnen: {prize}!",
  "kiosk.voucherHeadline": "Deine Prämie",
  "kiosk.voucherUsed": "Diese Prämie wurde am {date} eingelöst.",
  "scan.voucher.redeemed": "Eingelöst: {reward}",
  "scan.voucher.ready": "Gezeigt: {reward}",
  "scan.voucher.used": "Schon eingelöst: {reward}",
  "scan.voucher.expired": "Abgelaufen: {reward}",
  "scan.voucher.withdrawn": "Zurückgezogen: {reward}",
  "scan.voucher.unknown": "Gutschein hier noch unbekannt",
  "scan.voucher.self": "Auf dem Handy des Kunden: {reward}",
  "scan.voucher.code": "Mit seinem Code: {reward}",
  "unpaired.pairAgain": "Erneut koppeln",
};
