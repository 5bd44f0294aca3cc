-- imsaka-scscf: schema of the PostgreSQL store (store = postgresql,
-- docs/SCSCF.md). Idempotent: load it again at will.
--
-- subscribers holds K and OP/OPc: grant it to the S-CSCF's role only, e.g.
--   REVOKE ALL ON subscribers FROM PUBLIC;
--   GRANT SELECT ON subscribers TO scscf;
--   GRANT SELECT, INSERT, UPDATE ON sqn_floor TO scscf;
--   GRANT SELECT, INSERT, UPDATE, DELETE ON bindings TO scscf;

-- one row per subscriber, read once at start: keys as hex text, checked
-- like the subscribers file (k 32 hex digits, exactly one of op / opc,
-- amf 4 hex digits)
CREATE TABLE IF NOT EXISTS subscribers (
	impi text PRIMARY KEY,
	impus text[] NOT NULL,
	k text NOT NULL,
	op text,
	opc text,
	amf text NOT NULL DEFAULT '8000'
);

-- the SQN resynchronisation floor (TS 33.102 6.3.5): the SEQ of the
-- subscriber's SQN_MS, written only on a resynchronisation, never per
-- vector; it moves on with the clock from set_at (seq + ms since set_at)
CREATE TABLE IF NOT EXISTS sqn_floor (
	impi text PRIMARY KEY,
	seq bigint NOT NULL CHECK (seq >= 0),
	set_at timestamptz NOT NULL DEFAULT now()
);

-- registrar bindings, written on registration and de-registration, read
-- by any instance for OPTIONS and MESSAGE
CREATE TABLE IF NOT EXISTS bindings (
	impi text PRIMARY KEY,
	contacts text NOT NULL,
	path text NOT NULL DEFAULT '',
	expires_at timestamptz NOT NULL
);
