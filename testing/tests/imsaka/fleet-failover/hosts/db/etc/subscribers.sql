-- the fleet's subscribers: fleet0..fleet47 (the UEs of host ue) and ue (the
-- UE of host ue2), all with the K and OP of TS 35.207 test set 1
INSERT INTO subscribers (impi, impus, k, op)
SELECT 'fleet' || i || '@ims.example.net',
	ARRAY['sip:fleet' || i || '@ims.example.net'],
	'465b5ce8b199b49faa5f0a2ee238a6bc', 'cdc202d5123e20f62b6d676ac72cb318'
FROM generate_series(0, 47) AS i
UNION ALL
SELECT 'ue@ims.example.net', ARRAY['sip:ue@ims.example.net'],
	'465b5ce8b199b49faa5f0a2ee238a6bc', 'cdc202d5123e20f62b6d676ac72cb318';
