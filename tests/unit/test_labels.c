#include "config.h"

#include "helpers.h"

#include "labels.h"


/* The label a line starts with, or NULL. */
static const char *label_of(const char *line)
{
	static char buf[128];
	ts_label_cand c;
	if (!ts_label_candidate(tc, line, strlen(line), &c))
		return NULL;
	memcpy(buf, line + c.start, c.len);
	buf[c.len] = '\0';
	return buf;
}

static const char *text_of(const char *line)
{
	ts_label_cand c;
	return ts_label_candidate(tc, line, strlen(line), &c) ? line + c.text : NULL;
}

static void candidates(void **state)
{
	(void)state;
	assert_string_equal(label_of("ＣＬＢ：您好"), "ＣＬＢ");
	assert_string_equal(text_of("ＣＬＢ：您好"), "您好");
	/* a page break leaves a blank before the label */
	assert_string_equal(label_of(" ＣＬＢ：您好"), "ＣＬＢ");
	assert_string_equal(label_of("\xe3\x80\x80安阳市总工会：喂"), "安阳市总工会");
	assert_string_equal(label_of("\xc2\xa0" "CLB: hi"), "CLB");
	assert_string_equal(label_of("MS. SMITH:  Good afternoon."), "MS. SMITH");
	assert_string_equal(text_of("MS. SMITH:  Good afternoon."), "Good afternoon.");
	assert_string_equal(label_of("Dr. Li: yes"), "Dr. Li");
	assert_string_equal(label_of("THE PRESIDENT: Thank you."), "THE PRESIDENT");
	/* press transcripts: a bare Q and blanks */
	assert_string_equal(label_of("Q    Thank you, Karine."), "Q");
	assert_string_equal(text_of("Q    Thank you, Karine."), "Thank you, Karine.");
	assert_string_equal(label_of("Q.  Two questions."), "Q");
	assert_string_equal(label_of("Q\tWhy?"), "Q");
	assert_null(label_of("Q fever is rare"));
	/* shape alone makes a candidate; being seen twice makes a speaker */
	assert_string_equal(label_of("Quite: so"), "Quite");
}

static void not_candidates(void **state)
{
	(void)state;
	assert_null(label_of("我说，他：好"));      /* sentence punctuation */
	assert_null(label_of("为什么呢？他说：好")); /* ditto */
	assert_null(label_of("10:30 meeting"));      /* a time */
	assert_null(label_of("http://example.org")); /* a URL */
	assert_null(label_of("：no label"));
	assert_null(label_of("这是一个非常非常长的标签名字超过了二十个字符的前缀：不是"));
	assert_null(label_of("one two three four five six: too many words"));
	assert_null(label_of("I said. Then: no"));   /* a full stop after a word */
	assert_null(label_of("@Date: 2022-11-24"));  /* metadata */
	assert_null(label_of("plain line"));
	assert_null(label_of(""));
}

static void discovery(void **state)
{
	(void)state;
	ts_labels *l = ts_labels_new();
	assert_non_null(l);
	/* full-width and ASCII forms are one speaker: seen twice together */
	assert_int_equal(ts_labels_count(l, "ＣＬＢ", strlen("ＣＬＢ")), 0);
	assert_int_equal(ts_labels_count(l, "CLB", 3), 0);
	assert_int_equal(ts_labels_count(l, "官员", strlen("官员")), 0);
	assert_int_equal(ts_labels_count(l, "官员", strlen("官员")), 0);
	assert_int_equal(ts_labels_count(l, "Once", 4), 0);
	assert_int_equal(ts_labels_count(l, "时间", strlen("时间")), 0);  /* metadata word */
	assert_int_equal(ts_labels_count(l, "时间", strlen("时间")), 0);
	assert_int_equal(ts_labels_decide(l), 2);
	long a = ts_labels_lookup(l, "ＣＬＢ", strlen("ＣＬＢ"));
	long b = ts_labels_lookup(l, "CLB", 3);
	assert_true(a >= 0);
	assert_int_equal(a, b);
	assert_string_equal(ts_labels_id(l, a), "CLB");
	assert_true(ts_labels_lookup(l, "官员", strlen("官员")) >= 0);
	assert_int_equal(ts_labels_lookup(l, "Once", 4), -1);
	assert_int_equal(ts_labels_lookup(l, "时间", strlen("时间")), -1);
	assert_int_equal(ts_labels_lookup(l, "Never", 5), -1);
	ts_labels_free(l);
}

static void declared_only(void **state)
{
	(void)state;
	ts_labels *l = ts_labels_new();
	assert_int_equal(ts_labels_declare(l, "A", 1), 0);
	assert_int_equal(ts_labels_count(l, "A", 1), 0);
	assert_int_equal(ts_labels_count(l, "B", 1), 0);
	assert_int_equal(ts_labels_count(l, "B", 1), 0);
	/* once labels are declared, only they are speakers, even if seen once */
	assert_int_equal(ts_labels_decide(l), 1);
	assert_true(ts_labels_lookup(l, "A", 1) >= 0);
	assert_int_equal(ts_labels_lookup(l, "B", 1), -1);
	ts_labels_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(candidates),
		cmocka_unit_test(not_candidates),
		cmocka_unit_test(discovery),
		cmocka_unit_test(declared_only),
	};
	return cmocka_run_group_tests(tests, tc_setup, tc_teardown);
}
