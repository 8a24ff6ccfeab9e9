#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/template.h"
#include "chainwatch/xalloc.h"
#include "testutil.h"

#define MIB ((size_t)1 << 20)

/* The data every table case renders against. */
static struct tval *fixture(void)
{
	struct tval *root = tval_object(), *l, *o, *c;

	tval_set_str(root, "council", "Devon County Council");
	tval_set_str(root, "supplier", "<script>alert(1)</script> & Sons");
	tval_set_str(root, "quote", "O'Neil \"Ltd\"");
	tval_set_str(root, "md", "*bold* _x_ [link](u) `c` #1 | a\\b ~s~ {b} (p) !");
	tval_set_str(root, "li", "- item");
	tval_set_str(root, "plus", "+ plus");
	tval_set_str(root, "num", "1. First");
	tval_set_str(root, "year", "2024) x");
	tval_set_str(root, "rule", "===");
	tval_set_str(root, "lines", "a\n- b\n  3. c\nd.e");
	tval_set_str(root, "empty", "");
	tval_set_str(root, "figure", "12");
	tval_set_int(root, "count", 42);
	tval_set_int(root, "neg", -7);
	tval_set_bool(root, "yes", 1);
	tval_set_bool(root, "no", 0);
	tval_set_list(root, "none");
	l = tval_set_list(root, "names");
	tval_append_str(l, "Ann");
	tval_append_str(l, "Bob");
	l = tval_set_list(root, "suppliers");
	o = tval_append_object(l);
	tval_set_str(o, "name", "Acme");
	c = tval_set_object(o, "contact");
	tval_set_str(c, "email", "a@acme");
	c = tval_set_list(o, "flags");
	tval_append_str(c, "L1");
	tval_append_str(c, "E1");
	o = tval_append_object(l);
	tval_set_str(o, "name", "B&Q");
	c = tval_set_object(root, "contact");
	tval_set_str(c, "email", "top@council");
	tval_set_str(c, "phone", "01392");
	c = tval_set_object(tval_set_object(root, "a"), "b");
	tval_set_str(c, "c", "deep");
	return root;
}

struct render_case {
	const char *tpl;
	enum template_escape esc;
	const char *want;
};

#define H TEMPLATE_HTML
#define M TEMPLATE_MARKDOWN
#define N TEMPLATE_NONE

static const struct render_case renders[] = {
	{ "", H, "" },
	{ "plain <b>text</b> & more", H, "plain <b>text</b> & more" },
	{ "{{council}}", H, "Devon County Council" },
	{ "{{ council }}", H, "Devon County Council" },
	/* escaping */
	{ "{{supplier}}", H, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons" },
	{ "{{quote}}", H, "O&#39;Neil &quot;Ltd&quot;" },
	{ "{{{supplier}}}", H, "<script>alert(1)</script> & Sons" },
	{ "{{& supplier}}", H, "<script>alert(1)</script> & Sons" },
	{ "{{&supplier}}", M, "<script>alert(1)</script> & Sons" },
	{ "{{supplier}}", N, "<script>alert(1)</script> & Sons" },
	{ "{{supplier}}", M, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons" },
	{ "{{quote}}", M, "O'Neil \"Ltd\"" },
	{ "{{md}}", M, "\\*bold\\* \\_x\\_ \\[link\\](u) \\`c\\` \\#1 \\| a\\\\b \\~s\\~ {b} (p) !" },
	{ "{{{md}}}", M, "*bold* _x_ [link](u) `c` #1 | a\\b ~s~ {b} (p) !" },
	{ "{{li}}", M, "\\- item" },
	{ "x {{li}}", M, "x - item" },
	{ "x\n  {{li}}", M, "x\n  \\- item" },
	{ "{{plus}}|{{plus}}", M, "\\+ plus|+ plus" },
	{ "{{num}}", M, "1\\. First" },
	{ "Year {{num}}", M, "Year 1. First" },
	{ "{{year}}", M, "2024\\) x" },
	{ "{{count}}", M, "42" },
	{ "{{rule}}", M, "\\===" },
	{ "{{lines}}", M, "a\n\\- b\n  3\\. c\nd.e" },
	{ "{{li}}", H, "- item" },
	/* numbers */
	{ "{{count}}/{{neg}}", H, "42/-7" },
	/* dotted names and contexts */
	{ "{{contact.email}}", H, "top@council" },
	{ "{{a.b.c}}", H, "deep" },
	{ "{{#a}}{{#b}}{{c}}{{/b}}{{/a}}", H, "deep" },
	{ "{{#a.b}}{{c}}{{/a.b}}", H, "deep" },
	{ "{{#contact}}{{email}} {{phone}}{{/contact}}", H, "top@council 01392" },
	{ "{{#names}}[{{.}}]{{/names}}", H, "[Ann][Bob]" },
	{ "{{#suppliers}}{{name}} ({{council}}); {{/suppliers}}", H,
	  "Acme (Devon County Council); B&amp;Q (Devon County Council); " },
	/* first segment outwards: B&Q has no contact, so the council's is used */
	{ "{{#suppliers}}{{name}}:{{contact.email}};{{/suppliers}}", H,
	  "Acme:a@acme;B&amp;Q:top@council;" },
	/* the rest strictly inside: Acme's contact has no phone, the outer one is not used */
	{ "{{#suppliers}}{{#contact.phone}}{{name}}{{/contact.phone}}{{/suppliers}}", H, "B&amp;Q" },
	{ "{{#suppliers}}{{name}}:{{#flags}}{{.}},{{/flags}};{{/suppliers}}", H,
	  "Acme:L1,E1,;B&amp;Q:;" },
	{ "{{#suppliers}}{{#names}}{{name}}{{.}} {{/names}}{{/suppliers}}", H,
	  "AcmeAnn AcmeBob B&amp;QAnn B&amp;QBob " },
	/* sections */
	{ "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}", H, "Y" },
	{ "{{#yes}}{{council}}{{/yes}}", H, "Devon County Council" },
	{ "{{#council}}Council: {{.}}{{/council}}", H, "Council: Devon County Council" },
	{ "{{#empty}}a{{/empty}}{{#none}}b{{/none}}{{#missing}}c{{/missing}}", H, "" },
	{ "{{^no}}not{{/no}}{{^missing}} absent{{/missing}}{{^empty}} blank{{/empty}}"
	  "{{^none}} nothing{{/none}}", H, "not absent blank nothing" },
	{ "{{^yes}}a{{/yes}}{{^names}}b{{/names}}{{^contact}}c{{/contact}}{{^council}}d{{/council}}",
	  H, "" },
	{ "{{#figure}}{{figure}}{{/figure}}{{^figure}}not supplied{{/figure}}", H, "12" },
	{ "{{#staff}}{{staff}}{{/staff}}{{^staff}}not supplied{{/staff}}", H, "not supplied" },
	{ "{{#missing}}{{nonsense}}{{/missing}}", H, "" },    /* skipped bodies are not looked up */
	{ "{{#none}}{{.}}{{/none}}", H, "" },
	/* comments */
	{ "a{{! note }}b", H, "ab" },
	{ "a{{!}}b", H, "ab" },
	{ "a{{! one\ntwo }}b", H, "ab" },
	{ "a{{! {{council}} }}b", H, "ab" },                 /* {{ }} pair up inside a comment */
	{ "a{{! {{{x}}} }}}b", H, "a}b" },
	{ "{{! Reword anything outside {{ }}: docs/templates.md. }}\n<p>", H, "<p>" },
	/* standalone lines */
	{ "<ul>\n{{#names}}\n  <li>{{.}}</li>\n{{/names}}\n</ul>\n", H,
	  "<ul>\n  <li>Ann</li>\n  <li>Bob</li>\n</ul>\n" },
	{ "  {{#yes}}  \nY\n\t{{/yes}}\t\n", H, "Y\n" },
	{ "{{#yes}}\r\nY\r\n{{/yes}}\r\n", H, "Y\r\n" },
	{ "{{^none}}\nnone\n{{/none}}\n", H, "none\n" },
	{ "a\n  {{! c }}\nb\n", H, "a\nb\n" },
	{ "a\n{{! one\ntwo }}\nb", H, "a\nb" },
	{ "a\n{{#yes}}\nY\n{{/yes}}", H, "a\nY\n" },
	{ "{{#no}}\nN\n{{/no}}\nend\n", H, "end\n" },
	{ "x {{#yes}}Y{{/yes}} z\n", H, "x Y z\n" },
	{ "{{#yes}}{{/yes}}\n", H, "\n" },
	{ "{{council}}\n", H, "Devon County Council\n" },
	{ "  {{{supplier}}}  \n", N, "  <script>alert(1)</script> & Sons  \n" },
	{ "| a |\n{{#names}}\n| {{.}} |\n{{/names}}\n", M, "| a |\n| Ann |\n| Bob |\n" },
	/* what looks like a tag but is not */
	{ "a } b }} c { d", H, "a } b }} c { d" },
	{ "{{council}}}", H, "Devon County Council}" },
};

START_TEST(template_render_renders_the_language)
{
	const struct render_case *c = &renders[_i];
	struct tval *data = fixture();
	struct diag err;
	struct buf out;
	int r;

	buf_init(&out, 0);
	diag_init(&err);
	r = template_render(c->tpl, strlen(c->tpl), "t.html", data, c->esc, &out, &err);
	ck_assert_msg(r == 0, "'%s' failed: %s", c->tpl, err.msg);
	ck_assert_msg(strcmp(out.s, c->want) == 0, "'%s' gave '%s', want '%s'", c->tpl, out.s,
		      c->want);
	ck_assert_uint_eq(out.len, strlen(c->want));
	buf_release(&out);
	tval_free(data);
}
END_TEST

struct error_case {
	const char *tpl;
	const char *msg;
	int code;
};

static const struct error_case errors[] = {
	/* syntax */
	{ "{{", "t.html:1: unclosed tag '{{' (no '}}' on its line)", CW_INPUT },
	{ "text\n{{council", "t.html:2: unclosed tag '{{' (no '}}' on its line)", CW_INPUT },
	{ "{{council}} and\nthen {{", "t.html:2: unclosed tag '{{' (no '}}' on its line)", CW_INPUT },
	{ "{{council\n}}", "t.html:1: unclosed tag '{{' (no '}}' on its line)", CW_INPUT },
	{ "{{{supplier}}", "t.html:1: '{{{' without its closing '}}}'", CW_INPUT },
	{ "a\n\n{{{supplier", "t.html:3: '{{{' without its closing '}}}'", CW_INPUT },
	{ "{{{", "t.html:1: '{{{' without its closing '}}}'", CW_INPUT },
	{ "{{! never closed", "t.html:1: unclosed comment '{{!' (no '}}')", CW_INPUT },
	{ "ok\n\n{{! a\nb", "t.html:3: unclosed comment '{{!' (no '}}')", CW_INPUT },
	{ "{{! a {{ b }}\n", "t.html:1: unclosed comment '{{!' (no '}}')", CW_INPUT },
	{ "x\n{{#names}}\ny", "t.html:2: unclosed section 'names'", CW_INPUT },
	{ "{{#a}}\n{{#b}}\n{{/b}}\n", "t.html:1: unclosed section 'a'", CW_INPUT },
	{ "{{#a}}\n{{#b}}\n{{/a}}", "t.html:3: '{{/a}}' does not close section 'b' (opened on line 2)",
	  CW_INPUT },
	{ "{{#yes}}\r\n{{/no}}", "t.html:2: '{{/no}}' does not close section 'yes' (opened on line 1)",
	  CW_INPUT },
	{ "{{/a}}", "t.html:1: '{{/a}}' closes no open section", CW_INPUT },
	{ "{{#a}}{{/a}}\n{{/a}}", "t.html:2: '{{/a}}' closes no open section", CW_INPUT },
	{ "{{! a\nb\nc }}\n{{/x}}", "t.html:4: '{{/x}}' closes no open section", CW_INPUT },
	{ "a\nb\nc {{/x}}", "t.html:3: '{{/x}}' closes no open section", CW_INPUT },
	{ "{{}}", "t.html:1: empty name in '{{}}'", CW_INPUT },
	{ "{{ }}", "t.html:1: empty name in '{{ }}'", CW_INPUT },
	{ "{{#}}{{/}}", "t.html:1: empty name in '{{#}}'", CW_INPUT },
	{ "{{^ }}", "t.html:1: empty name in '{{^ }}'", CW_INPUT },
	{ "{{&}}", "t.html:1: empty name in '{{&}}'", CW_INPUT },
	{ "{{{ }}}", "t.html:1: empty name in '{{{ }}}'", CW_INPUT },
	{ "{{#a}}{{/}}", "t.html:1: empty name in '{{/}}'", CW_INPUT },
	{ "{{a b}}", "t.html:1: invalid name 'a b' (letters, digits, _ - and dots only)", CW_INPUT },
	{ "{{a..b}}", "t.html:1: invalid name 'a..b' (letters, digits, _ - and dots only)", CW_INPUT },
	{ "{{.a}}", "t.html:1: invalid name '.a' (letters, digits, _ - and dots only)", CW_INPUT },
	{ "{{a.}}", "t.html:1: invalid name 'a.' (letters, digits, _ - and dots only)", CW_INPUT },
	{ "{{#a/b}}", "t.html:1: invalid name 'a/b' (letters, digits, _ - and dots only)", CW_INPUT },
	{ "{{\xC2\xA3}}", "t.html:1: invalid name '\xC2\xA3' (letters, digits, _ - and dots only)",
	  CW_INPUT },
	{ "{{a\tb}}", "t.html:1: invalid name 'a?b' (letters, digits, _ - and dots only)", CW_INPUT },
	{ "{{{a}b}}}", "t.html:1: invalid name 'a}b' (letters, digits, _ - and dots only)", CW_INPUT },
	{ "{{>partial}}", "t.html:1: partials ('{{>') are not supported", CW_INPUT },
	{ "{{=<% %>=}}", "t.html:1: delimiter changes ('{{=') are not supported", CW_INPUT },
	/* syntax errors are found before anything is rendered */
	{ "{{missing}}{{#x}}", "t.html:1: unclosed section 'x'", CW_INPUT },
	/* rendering */
	{ "{{missing}}", "t.html:1: unknown variable 'missing'", CW_INPUT },
	{ "\n\n{{names}}", "t.html:3: 'names' is a list, not a value", CW_INPUT },
	{ "{{contact}}", "t.html:1: 'contact' is an object, not a value", CW_INPUT },
	{ "{{{contact}}}", "t.html:1: 'contact' is an object, not a value", CW_INPUT },
	{ "{{yes}}", "t.html:1: 'yes' is true or false, not a value", CW_INPUT },
	{ "{{.}}", "t.html:1: '.' is an object, not a value", CW_INPUT },
	{ "{{contact.fax}}", "t.html:1: unknown variable 'contact.fax'", CW_INPUT },
	{ "{{council.name}}", "t.html:1: unknown variable 'council.name'", CW_INPUT },
	{ "{{#suppliers}}\n{{nme}}\n{{/suppliers}}", "t.html:2: unknown variable 'nme'", CW_INPUT },
	{ "{{#suppliers}}{{contact.phone}}{{/suppliers}}", "t.html:1: unknown variable 'contact.phone'",
	  CW_INPUT },
};

START_TEST(template_render_reports_errors_with_their_line)
{
	const struct error_case *c = &errors[_i];
	struct tval *data = fixture();
	struct diag err;
	struct buf out;

	buf_init(&out, 0);
	buf_adds(&out, "kept");
	diag_init(&err);
	ck_assert_int_eq(template_render(c->tpl, strlen(c->tpl), "t.html", data, TEMPLATE_HTML, &out,
					 &err), -1);
	ck_assert_msg(strcmp(err.msg, c->msg) == 0, "'%s' gave '%s', want '%s'", c->tpl, err.msg,
		      c->msg);
	ck_assert_int_eq(err.code, c->code);
	ck_assert_str_eq(out.s, "kept");               /* a failed render writes nothing */
	ck_assert_uint_eq(out.len, 4);
	buf_release(&out);
	tval_free(data);
}
END_TEST

static int render_n(const char *tpl, size_t n, const struct tval *data, struct buf *out,
		    struct diag *err)
{
	diag_init(err);
	return template_render(tpl, n, "t.html", data, TEMPLATE_HTML, out, err);
}

static int render(const char *tpl, const struct tval *data, struct buf *out, struct diag *err)
{
	return render_n(tpl, strlen(tpl), data, out, err);
}

/* "{{#s}}" depth times, then body, then "{{/s}}" depth times. */
static char *nest(const char *s, int depth, const char *body)
{
	struct buf b;
	int i;

	buf_init(&b, 0);
	for (i = 0; i < depth; i++)
		buf_printf(&b, "{{#%s}}", s);
	buf_adds(&b, body);
	for (i = 0; i < depth; i++)
		buf_printf(&b, "{{/%s}}", s);
	return buf_detach(&b, NULL);
}

START_TEST(template_render_nests_64_deep_and_no_deeper)
{
	struct tval *data = fixture();
	struct diag err;
	struct buf out;
	char *t;

	buf_init(&out, 0);
	t = nest("yes", 64, "x");
	ck_assert_int_eq(render(t, data, &out, &err), 0);
	ck_assert_str_eq(out.s, "x");
	free(t);
	/* objects push a context each: 64 of them plus the root */
	buf_reset(&out);
	t = nest("contact", 64, "{{email}}");
	ck_assert_int_eq(render(t, data, &out, &err), 0);
	ck_assert_str_eq(out.s, "top@council");
	free(t);
	buf_reset(&out);
	t = nest("yes", 65, "x");
	ck_assert_int_eq(render(t, data, &out, &err), -1);
	ck_assert_str_eq(err.msg, "t.html:1: sections nested more than 64 deep");
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_str_eq(out.s, "");
	free(t);
	buf_release(&out);
	tval_free(data);
}
END_TEST

/* The report's number setters: a share to one decimal, a count with its noun. */
START_TEST(tval_set_pct_and_count_word_numbers)
{
	struct tval *o = tval_object();

	tval_set_pct(o, "half", 1, 2);
	tval_set_pct(o, "third", 1, 3);
	tval_set_pct(o, "none", 5, 0);          /* of nothing: not set */
	tval_set_count(o, "one", 1, "supplier", "suppliers");
	tval_set_count(o, "many", 12, "supplier", "suppliers");
	tval_set_count(o, "zero", 0, "flag was", "flags were");
	ck_assert_str_eq(tval_str(tval_get(o, "half")), "50.0");
	ck_assert_str_eq(tval_str(tval_get(o, "third")), "33.3");
	ck_assert_ptr_null(tval_get(o, "none"));
	ck_assert_str_eq(tval_str(tval_get(o, "one")), "1 supplier");
	ck_assert_str_eq(tval_str(tval_get(o, "many")), "12 suppliers");
	ck_assert_str_eq(tval_str(tval_get(o, "zero")), "0 flags were");
	tval_free(o);
}
END_TEST

START_TEST(template_render_empty_template_writes_nothing)
{
	struct diag err;
	struct buf out;

	buf_init(&out, 0);
	buf_adds(&out, "x");
	ck_assert_int_eq(render_n("", 0, NULL, &out, &err), 0);
	ck_assert_int_eq(render_n(NULL, 0, NULL, &out, &err), 0);
	ck_assert_str_eq(out.s, "x");
	buf_release(&out);
}
END_TEST

START_TEST(template_render_appends_and_works_without_data)
{
	struct diag err;
	struct buf out;

	buf_init(&out, 0);
	buf_adds(&out, "a");
	ck_assert_int_eq(render("b{{^x}}c{{/x}}", NULL, &out, &err), 0);
	ck_assert_str_eq(out.s, "abc");
	ck_assert_int_eq(render("{{.}}", NULL, &out, &err), -1);
	ck_assert_str_eq(err.msg, "t.html:1: unknown variable '.'");
	ck_assert_int_eq(template_render("{{x}}", 5, NULL, NULL, TEMPLATE_HTML, &out, &err), -1);
	ck_assert_str_eq(err.msg, "template:1: unknown variable 'x'");
	ck_assert_int_eq(template_render("{{x}}", 5, "t.md", NULL, TEMPLATE_MARKDOWN, &out, NULL),
			 -1);
	ck_assert_str_eq(out.s, "abc");
	buf_release(&out);
}
END_TEST

START_TEST(template_render_uses_only_n_bytes)
{
	struct tval *data = fixture();
	struct diag err;
	struct buf out;

	buf_init(&out, 0);
	ck_assert_int_eq(render_n("{{council}}{{", 11, data, &out, &err), 0);
	ck_assert_str_eq(out.s, "Devon County Council");
	buf_reset(&out);
	/* a NUL byte is text like any other */
	ck_assert_int_eq(render_n("a\0b", 3, data, &out, &err), 0);
	ck_assert_uint_eq(out.len, 3);
	ck_assert_int_eq(memcmp(out.s, "a\0b", 3), 0);
	buf_release(&out);
	tval_free(data);
}
END_TEST

START_TEST(template_render_handles_huge_values)
{
	struct tval *data = tval_object();
	struct diag err;
	struct buf out;
	char *big = xmalloc(2 * MIB + 1);
	size_t i;

	memset(big, 'a', 2 * MIB);
	for (i = 0; i < 2 * MIB; i += 1024)
		big[i] = '<';
	big[2 * MIB] = '\0';
	tval_set_str(data, "big", big);
	buf_init(&out, 0);
	ck_assert_int_eq(render("[{{big}}]", data, &out, &err), 0);
	ck_assert_uint_eq(out.len, 2 + 2 * MIB + 3 * (2 * MIB / 1024));
	ck_assert_int_eq(memcmp(out.s, "[&lt;aaa", 8), 0);
	ck_assert_int_eq(out.s[out.len - 1], ']');
	buf_reset(&out);
	ck_assert_int_eq(template_render("{{big}}", 7, "t.md", data, TEMPLATE_MARKDOWN, &out, &err),
			 0);
	ck_assert_uint_eq(out.len, 2 * MIB + 3 * (2 * MIB / 1024));
	buf_release(&out);
	free(big);
	tval_free(data);
}
END_TEST

START_TEST(template_render_fails_when_output_too_large)
{
	struct tval *data = fixture();
	struct diag err;
	struct buf out;

	buf_init(&out, 64);
	buf_adds(&out, "kept");
	ck_assert_int_eq(render("{{council}}\n{{council}}\n{{council}}\n{{council}}", data, &out,
				&err), -1);
	ck_assert_str_eq(err.msg, "t.html:3: output too large");
	ck_assert_int_eq(err.code, CW_OUTPUT);
	ck_assert_str_eq(out.s, "kept");
	/* text alone */
	ck_assert_int_eq(render("a\n{{#yes}}\n0123456789012345678901234567890123456789"
				"0123456789012345678901234567890123456789\n{{/yes}}\n", data, &out,
				&err), -1);
	ck_assert_str_eq(err.msg, "t.html:3: output too large");
	/* escaping makes the value too large */
	buf_release(&out);
	buf_init(&out, 40);
	ck_assert_int_eq(render("{{supplier}}", data, &out, &err), -1);
	ck_assert_str_eq(err.msg, "t.html:1: output too large");
	ck_assert_uint_eq(out.len, 0);
	buf_release(&out);
	tval_free(data);
}
END_TEST

START_TEST(template_render_limits_template_size)
{
	struct tval *data = tval_object();
	struct diag err;
	struct buf out;
	char *t = xmalloc(4 * MIB + 1);

	memset(t, 'x', 4 * MIB + 1);
	buf_init(&out, 0);
	ck_assert_int_eq(render_n(t, 4 * MIB + 1, data, &out, &err), -1);
	ck_assert_str_eq(err.msg, "t.html: template is larger than 4 MiB");
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_int_eq(render_n(t, 4 * MIB, data, &out, &err), 0);
	ck_assert_uint_eq(out.len, 4 * MIB);
	buf_release(&out);
	free(t);
	tval_free(data);
}
END_TEST

START_TEST(tval_builds_and_replaces_values)
{
	struct tval *o = tval_object(), *l, *c;
	struct diag err;
	struct buf out;

	tval_set_str(o, "a", "first");
	tval_set_str(o, "b", "b");
	tval_set_str(o, "a", "second");
	tval_set_int(o, "min", LLONG_MIN);
	tval_set_int(o, "max", LLONG_MAX);
	tval_set_bool(o, "t", 5);
	l = tval_set_list(o, "l");
	c = tval_append_object(l);
	tval_set_str(c, "x", "1");
	tval_set_object(o, "b");                      /* a string replaced by an object */
	ck_assert_ptr_eq(tval_get(o, "l"), l);
	ck_assert_ptr_nonnull(tval_get(o, "b"));
	ck_assert_ptr_null(tval_get(o, "nope"));
	ck_assert_ptr_null(tval_get(NULL, "a"));
	ck_assert_ptr_null(tval_get(l, "x"));         /* a list has no keys */
	buf_init(&out, 0);
	ck_assert_int_eq(render("{{a}} {{min}} {{max}}{{#t}} t{{/t}}{{#l}} {{x}}{{/l}}"
				"{{#b}} b{{/b}}", o, &out, &err), 0);
	ck_assert_str_eq(out.s, "second -9223372036854775808 9223372036854775807 t 1 b");
	ck_assert_int_eq(render("{{b}}", o, &out, &err), -1);
	ck_assert_str_eq(err.msg, "t.html:1: 'b' is an object, not a value");
	buf_release(&out);
	tval_free(o);
	tval_free(NULL);
}
END_TEST

static char *temp_file(const char *p, size_t n)
{
	char *path = xstrdup("/tmp/cw_test_template_XXXXXX");
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert(write(fd, p, n) == (ssize_t)n);
	close(fd);
	return path;
}

START_TEST(template_render_file_reads_and_names_the_file)
{
	struct tval *data = fixture();
	struct diag err;
	struct buf out;
	char want[256], *path, *big;

	buf_init(&out, 0);
	path = temp_file("Hello {{council}}\n", 18);
	ck_assert_int_eq(template_render_file(path, data, TEMPLATE_MARKDOWN, &out, &err), 0);
	ck_assert_str_eq(out.s, "Hello Devon County Council\n");
	unlink(path);
	free(path);

	path = temp_file("{{#a}}\n", 7);
	ck_assert_int_eq(template_render_file(path, data, TEMPLATE_HTML, &out, &err), -1);
	snprintf(want, sizeof(want), "%s:1: unclosed section 'a'", path);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(err.code, CW_INPUT);
	unlink(path);

	ck_assert_int_eq(template_render_file(path, data, TEMPLATE_HTML, &out, &err), -1);
	snprintf(want, sizeof(want), "cannot read '%s': ", path);
	ck_assert_int_eq(strncmp(err.msg, want, strlen(want)), 0);
	ck_assert_int_eq(err.code, CW_INPUT);
	free(path);

	ck_assert_int_eq(template_render_file("/tmp", data, TEMPLATE_HTML, &out, &err), -1);
	ck_assert_int_eq(strncmp(err.msg, "cannot read '/tmp': ", 20), 0);

	big = xmalloc(4 * MIB + 1);
	memset(big, 'x', 4 * MIB + 1);
	path = temp_file(big, 4 * MIB + 1);
	ck_assert_int_eq(template_render_file(path, data, TEMPLATE_HTML, &out, &err), -1);
	snprintf(want, sizeof(want), "%s: template is larger than 4 MiB", path);
	ck_assert_str_eq(err.msg, want);
	unlink(path);
	free(path);
	path = temp_file(big, 4 * MIB);
	buf_reset(&out);
	ck_assert_int_eq(template_render_file(path, data, TEMPLATE_HTML, &out, &err), 0);
	ck_assert_uint_eq(out.len, 4 * MIB);
	unlink(path);
	free(path);
	free(big);

	ck_assert_str_eq(out.s + out.len - 1, "x");
	buf_release(&out);
	tval_free(data);
}
END_TEST

static Suite *template_suite(void)
{
	Suite *s = suite_create("template");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
#define LOOP(t, table) tcase_add_loop_test(tc, t, 0, (int)(sizeof(table) / sizeof(table[0])))
	LOOP(template_render_renders_the_language, renders);
	LOOP(template_render_reports_errors_with_their_line, errors);
#undef LOOP
	tcase_add_test(tc, template_render_nests_64_deep_and_no_deeper);
	tcase_add_test(tc, template_render_empty_template_writes_nothing);
	tcase_add_test(tc, tval_set_pct_and_count_word_numbers);
	tcase_add_test(tc, template_render_appends_and_works_without_data);
	tcase_add_test(tc, template_render_uses_only_n_bytes);
	tcase_add_test(tc, template_render_handles_huge_values);
	tcase_add_test(tc, template_render_fails_when_output_too_large);
	tcase_add_test(tc, template_render_limits_template_size);
	tcase_add_test(tc, tval_builds_and_replaces_values);
	tcase_add_test(tc, template_render_file_reads_and_names_the_file);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(template_suite)
