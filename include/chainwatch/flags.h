#ifndef CHAINWATCH_FLAGS_H
#define CHAINWATCH_FLAGS_H

/*
 * Flags (SPEC §6): one finding about one supplier, an indicator for
 * review, never a finding of wrongdoing.  Kinds raised from spend:
 *
 *   high_risk_sector       sector score >= 80 (the PPN high-risk industries)
 *   high_risk_geography    supplier country's geography score >= 50
 *   high_risk_goods        a TVPRA listing for the sector's goods and the
 *                          supplier's country, or high-risk goods from an
 *                          unknown origin
 *   unmatched_high_spend   no rule maps the supplier and its spend in the
 *                          period is at least the threshold (data quality)
 *   no_statement           the s54 duty is required or likely and no
 *                          statement was found on the registry: "no statement
 *                          found on the registry for year N", never
 *                          "non-compliant" (publishing on the registry is
 *                          voluntary; the duty is to publish on the website)
 *   statement_stale        the latest statement's period ended more than
 *                          18 months before the end of the scan period
 *   statement_incomplete   a current statement covering fewer than the six
 *                          recommended areas, or with no approval recorded
 *   abnormally_low_tender  a bid of the supplier is to be investigated or
 *                          noted (alt.h): "ask the bidder to explain"
 *   company_not_active     the Companies House register says the company
 *                          the council paid this period is dissolved,
 *                          struck off or to be struck off, in liquidation,
 *                          administration or receivership (with the
 *                          dissolution date when known): high when it is
 *                          dissolved or struck off, else medium
 *
 * A flag's id is stable across runs: "F" + 10 hex digits of
 * sha256(council, supplier key, kind), so the database can carry its
 * review and two councils sharing a database never share a flag.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/buf.h"
#include "chainwatch/risk.h"

enum flag_kind {
	FLAG_SECTOR,
	FLAG_GEOGRAPHY,
	FLAG_GOODS,
	FLAG_UNMATCHED,
	FLAG_NO_STATEMENT,
	FLAG_STATEMENT_STALE,
	FLAG_STATEMENT_INCOMPLETE,
	FLAG_TENDER,
	FLAG_COMPANY_NOT_ACTIVE,
	FLAG__COUNT
};

const char *flag_kind_name(enum flag_kind k);   /* "high_risk_sector", ...: static */
/* "High-risk sector", "No statement found", ...: what people read; static */
const char *flag_kind_label(enum flag_kind k);

/*
 * The words for a kind named as flag_kind_name() names it, for reports:
 * "high_risk_sector" -> "High-risk sector"; NULL for a name that is not a
 * kind.  Static text.
 */
const char *flag_kind_label_named(const char *name);

struct flag {
	char id[12];
	const struct supplier *supplier;
	enum flag_kind kind;
	const struct assessment *assessment;   /* the supplier's (borrowed) */
	int64_t threshold_pence;   /* unmatched_high_spend: the spend limit it passed */
	const char *severity;      /* "high", "medium", "low" */
	char *summary;             /* NULL: rendered on demand by flag_summary() */
	char *evidence;            /* NULL: rendered on demand by flag_evidence() */
	char first_seen[16];       /* period; filled from the database */
	char last_seen[16];
	char review_status[24];    /* "open" unless a review says otherwise */
	/* the contract manager's review, carried from the database (store_flag_history) */
	char *reviewer;            /* NULL none; owned (thousands of flags: no fixed arrays) */
	int32_t review_date;       /* yyyymmdd, 0 none */
	int32_t next_review;
	char *review_note;         /* NULL none; owned */
	char *evidence_link;       /* NULL none; owned */
	char *reopened;            /* why a cleared flag reopened this run, NULL if not; owned */
};

/*
 * The review statuses a flag can have, in the drop-down's order:
 * open, under review, cleared, action plan, escalated, referred.
 */
extern const char *const flag_review_statuses[6];
/* The status as written in the list (case and spacing forgiven): static; or NULL. */
const char *flag_review_status(const char *s);

/*
 * What a flag's finding rests on, so a cleared flag reopens only when that
 * changes for the worse (SPEC §6): "<rank>|<identity>|<words>".  The rank
 * rises with the evidence (tier; statement lapse; spend band; tender
 * verdict); a different identity (another tender) is new evidence too.
 */
void flag_evidence_key(const struct flag *f, char out[96]);
/*
 * Whether evidence `now` reopens a flag cleared on evidence `then`; the
 * reason ("tier rose from Medium to High") into `why` when it does.
 */
int flag_reopens(const char *then, const char *now, char *why, size_t whysz);

struct flag_settings {
	int64_t unmatched_min_pence;   /* default 2500000 (£25,000) */
	int sector_min_score;          /* default 80 */
	int geography_min_score;       /* default 50 */
	const char *council;           /* the flags' council, part of their ids; NULL = "" */
};

void flag_settings_init(struct flag_settings *fs);

/*
 * A contract manager's review of one supplier as a whole (the Suppliers
 * sheet's review columns), carried from the database: who owns it, its
 * status (one of flag_review_statuses), the next action, when it is due
 * and a note.  Every string is owned by the array that holds the review.
 */
struct supplier_review {
	char *supplier_key;
	char *owner;               /* "" none */
	char *status;
	char *next_action;         /* "" none */
	int32_t due_date;          /* yyyymmdd, 0 none */
	char *note;                /* "" none */
};

/* Free v[0..n) and its strings; NULL is fine. */
void supplier_reviews_free(struct supplier_review *v, size_t n);
/* The review of `key` in v[0..n) sorted by supplier_key (borrowed), or NULL. */
const struct supplier_review *supplier_review_find(const struct supplier_review *v, size_t n,
						   const char *key);

/*
 * A flag's id: "F" + 10 hex digits of sha256(council NUL supplier key NUL
 * kind name), the same flag next month and never another council's.  Into
 * the caller's out.  Should OpenSSL's SHA-256 fail (it hashed the run's
 * inputs before this), the digits are zeros.
 */
void flag_make_id(const char *council, const char *key, const char *kind, char out[12]);

/*
 * What a Companies House status says when the company is not trading
 * normally: "dissolved", "struck off", "to be struck off", "in
 * liquidation", "in administration", "in receivership" (static), with its
 * rank (4 dissolved or struck off down to 1 to be struck off) into *rank
 * when rank is not NULL; NULL for an active company or an unknown status.
 */
const char *flag_company_inactive(const char *status, int *rank);

/*
 * Raise the flags for suppliers s[0..n) with their assessments a[0..n).
 * Appends to *flags (grown with xrealloc); returns the new count.
 */
size_t flags_raise(const struct flag_settings *fs, struct supplier *const *s,
		   const struct assessment *a, size_t n, const char *period,
		   struct flag **flags, size_t count);
void flag_release(struct flag *f);

/*
 * The flag's one-line summary and its evidence, rendered into b (reset
 * first) from the supplier and its assessment, so thousands of flags hold
 * no text; f->summary / f->evidence are returned instead when set.  Either
 * way the text is borrowed: valid until b next changes or f is released.
 */
const char *flag_summary(const struct flag *f, struct buf *b);
const char *flag_evidence(const struct flag *f, struct buf *b);

#endif
