#include "config.h"

#include "analyse/questions.h"

#include <string.h>

/* The cues below are tables, one per language; their sources are in
 * docs/qa.md.  Chinese: Li & Thompson (1981), Mandarin Chinese: A Functional
 * Reference Grammar, ch. 18 (question particles 吗/呢/吧, A-not-A, question
 * words, tag questions); English: Quirk et al. (1985), ch. 11. */

/* ---- byte-string helpers (UTF-8, cues are literal) ---- */

static const char *find(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);
	if (!m || m > n)
		return NULL;
	return memmem(s, n, p, m);
}

/* Which characters a text holds, hashed into 64 bits: a cue whose first
 * character's bit is clear cannot occur in it, and is not searched for. */
typedef uint64_t cpmask;

static unsigned bucket(uint32_t cp)
{
	return (unsigned)((cp * 0x9E3779B97F4A7C15ull) >> 58);
}

static cpmask mask_of(const char *s, size_t n)
{
	cpmask m = 0;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = ts_utf8_decode(u + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		m |= (cpmask)1 << bucket(cp);
		i += k;
	}
	return m;
}

static int may_hold(cpmask m, const char *cue)
{
	uint32_t cp;
	/* cues are valid, NUL-terminated UTF-8: decoding stops at the NUL */
	if (!ts_utf8_decode((const unsigned char *)cue, 4, &cp))
		return 1;
	return (m >> bucket(cp)) & 1;
}

/* find, skipping cues the mask rules out (m ~0 checks every cue) */
static const char *find_m(const char *s, size_t n, cpmask m, const char *p)
{
	return may_hold(m, p) ? find(s, n, p) : NULL;
}

static int contains_any_m(const char *s, size_t n, cpmask m, const char *const *list)
{
	for (; *list; list++)
		if (find_m(s, n, m, *list))
			return 1;
	return 0;
}

static int contains_any(const char *s, size_t n, const char *const *list)
{
	return contains_any_m(s, n, ~(cpmask)0, list);
}

static int ends_any(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (ts_ends(s, n, *list))
			return 1;
	return 0;
}

/* ---- sentences ---- */

static const char *const closers[] = {"”", "’", "\"", "'", "）", ")", "」", "』", "】", NULL};

static const char *const abbreviations[] = {
	"mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "etc", "gen", "sen", "rep", "gov",
	"no", "u.s", "e.g", "i.e", "a.m", "p.m", "lt", "col", "sgt", "prof", "amb", NULL,
};

/* Whether the '.' at s[i] ends an English sentence: a blank or the end
 * follows, and the word before is not an abbreviation ("Mr.", "U.S."). */
static int full_stop(const char *s, size_t n, size_t i)
{
	size_t j = i + 1;  /* past closing quotes: "Yes.” Then" */
	for (int more = 1; more;) {
		more = 0;
		for (size_t k = 0; closers[k]; k++)
			if (ts_starts(s + j, n - j, closers[k])) {
				j += strlen(closers[k]);
				more = 1;
			}
	}
	if (j < n && s[j] != ' ' && s[j] != '\t')
		return 0;
	size_t b = i;
	while (b > 0 && (((s[b - 1] | 32) >= 'a' && (s[b - 1] | 32) <= 'z') || s[b - 1] == '.'))
		b--;
	char w[8];
	size_t len = i - b;
	if (!len || len >= sizeof w)
		return len != 0;
	for (size_t k = 0; k < len; k++)
		w[k] = (char)(s[b + k] | 32);
	w[len] = '\0';
	for (size_t k = 0; abbreviations[k]; k++)
		if (!strcmp(w, abbreviations[k]))
			return 0;
	/* a single capital before '.': an initial ("John F. Kennedy") */
	return !(len == 1 && s[b] >= 'A' && s[b] <= 'Z');
}

size_t ts_sentences(const ts_lang *lang, const char *s, size_t n, ts_sentence *out, size_t max)
{
	size_t count = 0, start = 0, i = 0;
	while (i < n) {
		/* only ? ! . and the lead bytes of ？！ (EF) 。 (E3) … (E2) can start
		 * a terminal mark: skip the rest without comparing */
		unsigned char c0 = (unsigned char)s[i];
		if (c0 != '?' && c0 != '!' && c0 != '.' && c0 != 0xEF && c0 != 0xE3 && c0 != 0xE2) {
			i++;
			continue;
		}
		size_t term = 0;  /* bytes of the terminal run at i */
		int marked = 0, broken = 0;
		for (;;) {
			size_t j = i + term;
			if (j >= n)
				break;
			if (ts_starts(s + j, n - j, "？") || s[j] == '?') {
				marked = 1;
				term += s[j] == '?' ? 1 : 3;
			} else if (ts_starts(s + j, n - j, "。") || ts_starts(s + j, n - j, "！")) {
				term += 3;
			} else if (s[j] == '!') {
				term += 1;
			} else if (ts_starts(s + j, n - j, "…")) {
				broken = 1;
				term += 3;
			} else if (ts_starts(s + j, n - j, "...")) {
				broken = 1;
				term += 3;
			} else if (s[j] == '.' && lang->full_stop && full_stop(s, n, j)) {
				term += 1;
			} else {
				break;
			}
		}
		if (!term) {
			i++;
			continue;
		}
		size_t body_end = i, end = i + term;
		for (int more = 1; more;) {  /* closing quotes after the mark */
			more = 0;
			for (size_t k = 0; closers[k]; k++)
				if (ts_starts(s + end, n - end, closers[k])) {
					end += strlen(closers[k]);
					more = 1;
				}
		}
		if (body_end > start) {
			if (count < max)
				out[count] = (ts_sentence){start, end, body_end, marked, broken && !marked};
			count++;
		}
		start = end;
		while (start < n && (s[start] == ' ' || s[start] == '\t'))
			start++;
		i = end;
	}
	/* the rest: a sentence without a terminal mark */
	size_t e = n;
	while (e > start && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (e > start) {
		if (count < max)
			out[count] = (ts_sentence){start, e, e, 0, 0};
		count++;
	}
	return count;
}

/* ---- Chinese ---- */

/* Final particles dropped before looking at how a sentence ends. */
static const char *const zh_soft_particles[] = {"啊", "呀", "哈", "哦", "喔", "哇", NULL};

static const char *const zh_tags[] = {"对吧", "是吧", "对不对", "好不好", "是不是", "行不行",
                                      "对不", NULL};
/* 好吧 without a question mark is "all right", not a question. */
static const char *const zh_tag_marked_only[] = {"好吗", "对吗", "行吗", "可以吗", "好吧", "是吗",
                                                 NULL};
static const char *const zh_opinion_tags[] = {"您觉得呢", "你觉得呢", "您说呢", "你说呢",
                                              "您看呢", "你看呢", "您认为呢", "你认为呢", NULL};
static const char *const zh_opinion[] = {"您觉得", "你觉得", "您认为", "你认为", NULL};
static const char *const zh_requests[] = {"请您", "请你", "麻烦您", "麻烦你", "帮忙", "帮我",
                                          "帮个忙", "介不介意", "能否请", NULL};
static const char *const zh_wh[] = {"什么", "哪", "谁", "怎么", "为什么", "为啥", "多少", "啥",
                                    "如何", "贵姓", "多久", "几个", "几天", "几次", "几家",
                                    "几点", "几号", "几年", "几位", NULL};
/* Uses of question words that ask nothing. */
static const char *const zh_wh_not[] = {"哪怕", "什么的", "怎么说呢", "什么之类", "什么样的",
                                        "不管", "无论", NULL};
static const char *const zh_rhetorical[] = {"难道", "岂不", "岂能", "何必", "何尝", "何苦",
                                            NULL};
static const char *const zh_conditional[] = {"如果", "假如", "要是", "假设", NULL};
/* Predicates that embed a question: "我不知道…是不是…" asks nothing. */
static const char *const zh_embedding[] = {"不知道", "不清楚", "不确定", "不了解", "不管",
                                           "无论", "不论", "看看", "看一下", "监督", "确认",
                                           "检查", "排查", "取决于", "在于", NULL};
static const char *const zh_clause_marks[] = {"，", ",", "、", "；", ";", "：", ":", "——", NULL};
/* 还是 as "still" or "had better", not "or". */
static const char *const zh_haishi_adverb[] = {"还是要", "还是得", "还是会", "还是很", "还是在",
                                               "还是有", "还是没", "还是不", "还是应该",
                                               "还是比较", NULL};

static size_t strip_particles(const char *s, size_t n)
{
	for (int again = 1; again;) {
		again = 0;
		for (size_t k = 0; zh_soft_particles[k]; k++)
			if (ts_ends(s, n, zh_soft_particles[k]) && n > strlen(zh_soft_particles[k])) {
				n -= strlen(zh_soft_particles[k]);
				again = 1;
			}
	}
	return n;
}

/* Start of the clause that holds s[pos]: just after the last clause mark
 * that ends at or before pos, found scanning back. */
static size_t clause_start(const char *s, size_t pos)
{
	for (size_t e = pos; e > 0; e--) {
		/* the last bytes of the marks: ，8C 、81 ；9B ：9A —94 , ; : */
		unsigned char c = (unsigned char)s[e - 1];
		if (c != 0x8C && c != 0x81 && c != 0x9B && c != 0x9A && c != 0x94 && c != ',' &&
		    c != ';' && c != ':')
			continue;
		for (size_t k = 0; zh_clause_marks[k]; k++) {
			size_t m = strlen(zh_clause_marks[k]);
			if (m <= e && !memcmp(s + e - m, zh_clause_marks[k], m))
				return e;
		}
	}
	return 0;
}

/* A clause taken up again by 这/那 is the subject of what follows:
 * "这个是不是有工会参与，这是另外一回事" asks nothing. */
static const char *const zh_resumptive[] = {"这是", "这就", "这个是", "这要", "这得", "那是",
                                            "这个要", "这个得", NULL};

/* Whether an A-not-A form (是不是, 有没有, 了解不了解) starting at s[i] is
 * embedded under a predicate ("我不知道我这个理解是不是对"): in its own
 * clause before it, or in the clause before when it opens its clause; or
 * whether its clause is the subject of the next one. */
static int embedded(const char *s, size_t n, size_t i)
{
	size_t c = clause_start(s, i);
	if (contains_any(s + c, i - c, zh_embedding))
		return 1;
	for (size_t k = 0; zh_clause_marks[k]; k++) {
		const char *e = find(s + i, n - i, zh_clause_marks[k]);
		if (e) {
			const char *next = e + strlen(zh_clause_marks[k]);
			for (size_t r = 0; zh_resumptive[r]; r++)
				if (ts_starts(next, n - (size_t)(next - s), zh_resumptive[r]))
					return 1;
		}
	}
	/* only 那/就/就是 before it: look at the previous clause too */
	size_t k = c;
	static const char *const openers[] = {"就是", "那", "就", "所以", NULL};
	for (int again = 1; again;) {
		again = 0;
		for (size_t o = 0; openers[o]; o++)
			if (ts_starts(s + k, i - k, openers[o])) {
				k += strlen(openers[o]);
				again = 1;
			}
	}
	if (k != i || c == 0)
		return 0;
	size_t pc = clause_start(s, c > 0 ? c - 1 : 0);
	return contains_any(s + pc, c - pc, zh_embedding);
}

/* The first A-not-A form in s[0..n) that is not embedded: X不X, X没X and
 * XY不XY.  Returns its offset + 1, or 0.  cm is the mask of s. */
static size_t a_not_a(const char *s, size_t n, int check_embedding, cpmask cm)
{
	if (!may_hold(cm, "不") && !may_hold(cm, "没"))
		return 0;
	size_t i = 0;
	while (i < n) {
		uint32_t a, neg, b, a2 = 0, b2 = 0;
		size_t ka = ts_utf8_decode((const unsigned char *)s + i, n - i, &a);
		if (!ka)
			return 0;
		if (a >= 0x4E00 && a <= 0x9FFF && a != 0x4E0D /* 不 */ && a != 0x6CA1 /* 没 */ &&
		    a != 0x4E00 /* 一 */) {
			size_t j = i + ka, kn;
			/* X不X */
			if ((kn = ts_utf8_decode((const unsigned char *)s + j, n - j, &neg)) &&
			    (neg == 0x4E0D || neg == 0x6CA1) &&
			    ts_utf8_decode((const unsigned char *)s + j + kn, n - j - kn, &b) && b == a) {
				if (!check_embedding || !embedded(s, n, i))
					return i + 1;
			}
			/* XY不XY */
			if ((kn = ts_utf8_decode((const unsigned char *)s + j, n - j, &a2)) && a2 != 0x4E0D &&
			    a2 != 0x6CA1) {
				size_t j2 = j + kn, kneg, kb;
				if ((kneg = ts_utf8_decode((const unsigned char *)s + j2, n - j2, &neg)) &&
				    neg == 0x4E0D &&
				    (kb = ts_utf8_decode((const unsigned char *)s + j2 + kneg, n - j2 - kneg, &b)) &&
				    b == a &&
				    ts_utf8_decode((const unsigned char *)s + j2 + kneg + kb,
				                   n - j2 - kneg - kb, &b2) &&
				    b2 == a2) {
					if (!check_embedding || !embedded(s, n, i))
						return i + 1;
				}
			}
		}
		i += ka;
	}
	return 0;
}

/* Whether a question word asks something: some occurrence is not inside
 * an excusing phrase (哪怕, 怎么说呢, 什么的 ...). */
static int zh_has_wh(const char *s, size_t n, cpmask m)
{
	for (size_t k = 0; zh_wh[k]; k++) {
		size_t wl = strlen(zh_wh[k]);
		if (!may_hold(m, zh_wh[k]))
			continue;
		for (const char *f = find(s, n, zh_wh[k]); f; f = find(f + 1, n - (size_t)(f + 1 - s), zh_wh[k])) {
			int excused = 0;
			for (size_t x = 0; zh_wh_not[x] && !excused; x++) {
				size_t xl = strlen(zh_wh_not[x]);
				if (!may_hold(m, zh_wh_not[x]))
					continue;
				for (const char *p = find(s, n, zh_wh_not[x]); p && !excused;
				     p = find(p + 1, n - (size_t)(p + 1 - s), zh_wh_not[x]))
					excused = p <= f && f + wl <= p + xl;
			}
			if (!excused)
				return 1;
		}
	}
	return 0;
}

static ts_qtype zh_type(const char *s, size_t n, int marked, cpmask cm)
{
	size_t m = strip_particles(s, n);
	/* 请问 and 请教 are "may I ask", not requests */
	int request = 0;
	for (size_t k = 0; zh_requests[k] && !request; k++) {
		if (!may_hold(cm, zh_requests[k]))
			continue;
		const char *f = s;
		size_t rest = n;
		const char *p;
		while ((p = find(f, rest, zh_requests[k]))) {
			if (!(ts_starts(p, rest - (size_t)(p - f), "请问") || ts_starts(p, rest - (size_t)(p - f), "请教")))
				request = 1;
			rest -= (size_t)(p - f) + 1;
			f = p + 1;
			if (request)
				break;
		}
	}
	if (request)
		return TS_Q_REQUEST;
	if (ends_any(s, m, zh_tags) || ends_any(s, m, zh_opinion_tags) ||
	    (contains_any_m(s, n, cm, zh_opinion) && a_not_a(s, n, 0, cm)))
		return TS_Q_TAG;
	if (marked && clause_start(s, m) > 0 && ends_any(s, m, zh_tag_marked_only))
		return TS_Q_TAG;
	/* 吧 at the end asks for confirmation: "…了吧？", "也应该有吧？" */
	if (marked && ts_ends(s, m, "吧"))
		return TS_Q_TAG;
	size_t o = 0;
	while (ts_starts(s + o, n - o, "那") || ts_starts(s + o, n - o, "或者"))
		o += ts_starts(s + o, n - o, "那") ? strlen("那") : strlen("或者");
	const char *hs = find_m(s, n, cm, "还是");
	if (ts_starts(s + o, n - o, "还是") ||
	    (hs && marked && !a_not_a(s, n, 0, cm) && !find(s, n, "吗") &&
	     !contains_any(hs, n - (size_t)(hs - s), zh_haishi_adverb)))
		return TS_Q_ALTERNATIVE;
	if (contains_any_m(s, n, cm, zh_rhetorical) ||
	    (ts_ends(s, m, "呢") && contains_any_m(s, n, cm, zh_conditional) && zh_has_wh(s, n, cm)))
		return TS_Q_RHETORICAL;
	if (!a_not_a(s, n, 0, cm) && !find_m(s, n, cm, "吗") && !find_m(s, n, cm, "嘛") &&
	    (zh_has_wh(s, n, cm) || ts_ends(s, m, "是")))
		return TS_Q_WH;
	return TS_Q_YESNO;
}

static int zh_question(const char *s, size_t n, int marked, ts_qtype *type)
{
	size_t m = strip_particles(s, n);
	int q = marked;
	cpmask cm = mask_of(s, n);
	if (!q) {
		/* interrogative by form, without a mark */
		q = ts_ends(s, m, "吗") ||
		    (ends_any(s, m, zh_tags) && !ts_ends(s, m, "好吧")) || ends_any(s, m, zh_opinion_tags) ||
		    a_not_a(s, n, 1, cm) != 0 ||
		    (ts_ends(s, m, "呢") && zh_has_wh(s, n, cm) && !find(s, n, "怎么说呢"));
	}
	if (!q)
		return 0;
	*type = zh_type(s, n, marked, cm);
	return 1;
}

/* ---- English ---- */

static const char *const en_aux[] = {
	"do", "does", "did", "is", "are", "was", "were", "am", "can", "could", "will", "would",
	"should", "shall", "may", "might", "have", "has", "had", "must", "isn't", "aren't",
	"wasn't", "weren't", "don't", "doesn't", "didn't", "can't", "couldn't", "won't",
	"wouldn't", "shouldn't", "haven't", "hasn't", "hadn't", NULL,
};
static const char *const en_wh[] = {"what", "why", "how", "when", "where", "who", "whom",
                                    "whose", "which", NULL};
static const char *const en_subjects[] = {
	"you", "we", "they", "he", "she", "it", "i", "there", "this", "that", "the", "any",
	"anyone", "anybody", "anything", "your", "his", "her", "their", "our", "these", "those",
	"a", "an", "all", "everyone", "somebody", "someone", NULL,
};
static const char *const en_openers[] = {"and", "but", "so", "now", "well", "okay", "ok",
                                         "also", "then", "just", "oh", "alright", "yeah",
                                         "look", "sorry", "yes", "no", "again", "secondly",
                                         "first", "second", "finally", "lastly", NULL};
static const char *const en_tags[] = {", right", ", correct", ", isn't it", ", is it",
                                      ", no", ", yes", ", don't you", ", didn't you",
                                      ", aren't they", ", isn't that right", ", is that right",
                                      ", is that correct", ", wouldn't you say", ", true",
                                      " is that right", " is that correct", NULL};
static const char *const en_request_verbs[] = {
	"tell", "give", "explain", "describe", "walk", "share", "confirm", "say", "talk",
	"speak", "update", "comment", "clarify", "elaborate", "characterize", "provide", "help",
	"get", "send", "let", "address", "respond", "weigh", "expand", "offer", "detail", "spell",
	"list", "name", "point", "put", "read", "run", "break", "go", "say", NULL,
};
/* Indirect questions: "I'm curious if…", "I wanted to ask whether…". */
static const char *const en_wonder[] = {"i'm curious", "i am curious", "i'm just curious",
                                        "we're curious", "we are curious", "curious about",
                                        "i'm wondering", "i am wondering", "i was wondering",
                                        "i wonder", "i'd like to know", "i would like to know",
                                        "curious if", "curious whether", "wondering if",
                                        "wondering whether", "wanted to ask", "want to ask",
                                        "wanted to see if", "want to see if",
                                        "wanted to start with if", "if you have any update",
                                        "if you have any reaction", "if you have any comment",
                                        NULL};
/* "Can I ask…", "Can we follow up…": asking leave to ask. */
static const char *const en_permission_verbs[] = {"ask", "follow", "get", "have", "add",
                                                  "go", "just", "switch", "turn", NULL};
/* What follows "or" when it offers no alternative. */
static const char *const en_or_not_alternative[] = {" or not", " or even", " or any",
                                                    " or anything", " or other", " or so",
                                                    " or otherwise", "whether or", NULL};
static const char *const en_rhetorical[] = {"who knows", "who cares", "what else",
                                            "how could anyone", "why would anyone", NULL};

typedef struct words {
	char w[24][16];
	unsigned char vocative[24];  /* capitalised and followed by a comma: "Josh," */
	size_t n;
} words;

/* The first words of a sentence, folded to lower case, apostrophes kept. */
static void first_words(const char *s, size_t n, words *out)
{
	out->n = 0;
	size_t i = 0;
	while (i < n && out->n < 24) {
		while (i < n && !(((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
		size_t k = 0, begin = i;
		while (i < n && ((((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') || (s[i] >= '0' && s[i] <= '9')) ||
		                 s[i] == '\'' || (ts_starts(s + i, n - i, "’")))) {
			char c = s[i] == '\'' ? '\'' : (char)(s[i] | 32);
			if (ts_starts(s + i, n - i, "’")) {
				c = '\'';
				i += 2;
			}
			if (k + 1 < sizeof out->w[0])
				out->w[out->n][k++] = c;
			i++;
		}
		if (k) {
			out->w[out->n][k] = '\0';
			out->vocative[out->n] = s[begin] >= 'A' && s[begin] <= 'Z' && i < n && s[i] == ',';
			out->n++;
		}
	}
}

static int in(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(w, *list))
			return 1;
	return 0;
}

/* Lower-case copy of s[0..n) (ASCII), curly apostrophes made straight. */
static size_t lower(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		if (ts_starts(s + i, n - i, "’")) {
			out[o++] = '\'';
			i += 2;
			continue;
		}
		char c = s[i];
		out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[o] = '\0';
	return o;
}

/* The word after the first comma whose next word is a question word: "Given
 * the attack, what's the response", "Josh, how many more". */
static int en_wh_after_comma(const char *low, size_t ln)
{
	for (size_t i = 0; i + 1 < ln; i++) {
		if (low[i] != ',')
			continue;
		size_t j = i + 1;
		while (j < ln && low[j] == ' ')
			j++;
		for (size_t k = 0; en_wh[k]; k++) {
			size_t m = strlen(en_wh[k]);
			if (j + m <= ln && !memcmp(low + j, en_wh[k], m) &&
			    (j + m == ln || low[j + m] == ' ' || low[j + m] == '\''))
				return 1;
		}
	}
	return 0;
}

static ts_qtype en_type(const char *s, size_t n, const words *w, size_t first)
{
	char low[1024];
	size_t ln = lower(s, n, low, sizeof low);
	while (ln && (low[ln - 1] == ' '))
		ln--;
	const char *w0 = first < w->n ? w->w[first] : "";
	const char *w1 = first + 1 < w->n ? w->w[first + 1] : "";
	const char *w2 = first + 2 < w->n ? w->w[first + 2] : "";
	const char *w3 = first + 3 < w->n ? w->w[first + 3] : "";
	const char *w4 = first + 4 < w->n ? w->w[first + 4] : "";
	int can = in(w0, (const char *const[]){"could", "can", "would", "will", "may", NULL});
	/* "Can you tell us whether…": an indirect question, typed by what it
	 * asks; "Can you spell it out?": a request. */
	if (can && !strcmp(w1, "you") && !strcmp(w2, "tell")) {
		const char *q = !strcmp(w3, "us") || !strcmp(w3, "me") ? w4 : w3;
		if (in(q, en_wh))
			return TS_Q_WH;
		if (!strcmp(q, "whether") || !strcmp(q, "if"))
			return TS_Q_YESNO;
	}
	if ((can && !strcmp(w1, "you") &&
	     (in(w2, en_request_verbs) || !strcmp(w2, "please") || !strcmp(w2, "mind") ||
	      !strcmp(w2, "also"))) ||
	    (can && (!strcmp(w1, "i") || !strcmp(w1, "we")) && in(w2, en_permission_verbs)) ||
	    !strcmp(w0, "please"))
		return TS_Q_REQUEST;
	if (ends_any(low, ln, en_tags))
		return TS_Q_TAG;
	/* "Or do you know whether…" is the second half of an alternative */
	if (!strcmp(w->n ? w->w[0] : "", "or") ||
	    (in(w0, en_aux) && find(low, ln, " or ") && !contains_any(low, ln, en_or_not_alternative)))
		return TS_Q_ALTERNATIVE;
	if (contains_any(low, ln, en_rhetorical))
		return TS_Q_RHETORICAL;
	/* "…curious about what they're talking about": the word after the
	 * lead-in says what is asked */
	for (size_t k = first; k + 1 < w->n; k++) {
		if (!in(w->w[k], (const char *const[]){"wondering", "wonder", "curious", "about", "ask",
		                                       "know", NULL}))
			continue;
		if (in(w->w[k + 1], en_wh))
			return TS_Q_WH;
		if (!strcmp(w->w[k + 1], "whether") || !strcmp(w->w[k + 1], "if"))
			break;
	}
	if (in(w0, en_wh) || (!in(w0, en_aux) && en_wh_after_comma(low, ln)))
		return TS_Q_WH;
	return TS_Q_YESNO;
}

static int en_question(const char *s, size_t n, int marked, ts_qtype *type)
{
	words w;
	first_words(s, n, &w);
	size_t first = 0;
	for (int more = 1; more;) {
		more = 0;
		while (first < w.n && (in(w.w[first], en_openers) || (first < 2 && w.vocative[first]))) {
			first++;
			more = 1;
		}
		if (first + 1 < w.n && !strcmp(w.w[first], "i") && !strcmp(w.w[first + 1], "mean")) {
			first += 2;  /* "I mean, isn't that…" */
			more = 1;
		}
	}
	int q = marked;
	if (!q && first < w.n) {
		char low[1024];
		size_t ln = lower(s, n, low, sizeof low);
		const char *w0 = w.w[first], *w1 = first + 1 < w.n ? w.w[first + 1] : "";
		q = (in(w0, en_aux) && in(w1, en_subjects)) ||
		    (in(w0, en_wh) && in(w1, en_aux)) || ends_any(low, ln, en_tags) ||
		    contains_any(low, ln, en_wonder);
	}
	if (!q)
		return 0;
	*type = en_type(s, n, &w, first);
	return 1;
}

int ts_question(const ts_lang *lang, const char *text, const ts_sentence *sn, ts_qtype *type)
{
	const char *s = text + sn->start;
	size_t n = sn->body_end - sn->start;
	if (!n)
		return 0;
	switch (lang->qform) {
	case TS_QFORM_INVERSION:
		return en_question(s, n, sn->marked, type);
	case TS_QFORM_PARTICLES:
		return zh_question(s, n, sn->marked, type);
	default:
		/* no rules of form: a question is marked, and asks yes or no */
		*type = TS_Q_YESNO;
		return sn->marked;
	}
}
