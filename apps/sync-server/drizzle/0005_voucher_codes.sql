ALTER TABLE `card_vouchers` ADD `code` text;--> statement-breakpoint
CREATE INDEX `card_vouchers_code` ON `card_vouchers` (`code`);--> statement-breakpoint
UPDATE `card_vouchers` SET `code` = json_extract(`body`, '$.code');--> statement-breakpoint
-- "barcode" was Code 128 before EAN-13 joined the redeem-code formats (stamp-core SPEC R5).
UPDATE `programs` SET `body` = json_replace(`body`, '$.reward.redemption.format', 'code128')
WHERE json_extract(`body`, '$.reward.redemption.format') = 'barcode';--> statement-breakpoint
UPDATE `card_vouchers` SET `body` = json_replace(`body`, '$.redemption.format', 'code128')
WHERE json_extract(`body`, '$.redemption.format') = 'barcode';
