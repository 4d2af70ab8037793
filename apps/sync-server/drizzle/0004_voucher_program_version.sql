-- Vouchers stored before stamps named their program version were earned by version-less stamps,
-- which read as version 1 (stamp-core SPEC T1): record it, as a refold would.
UPDATE `card_vouchers` SET `body` = json_set(`body`, '$.programVersion', 1)
WHERE json_extract(`body`, '$.programVersion') IS NULL;
