#include "config.h"

#include "analyse/qkeys.h"

#include <stdlib.h>
#include <string.h>

#include "analyse/questions.h"

/* Characters and words that carry no content for the overlap of two
 * questions: particles, pronouns, copula, negation.  Not 会, 能 or 要,
 * which also make content words (工会, 能力, 要求). */
static const char *const zh_function_chars = "的了是这那个我你他她们就都也在有没吗呢啊吧一不么"
                                             "咱您和对说还又很把被给让";
static const char *const en_stop[] = {
	"the", "a", "an", "and", "or", "but", "to", "of", "in", "on", "at", "for", "with", "is",
	"are", "was", "were", "be", "been", "do", "does", "did", "you", "your", "we", "our", "i",
	"it", "that", "this", "there", "what", "why", "how", "when", "who", "which", "can", "could",
	"would", "will", "have", "has", "had", "any", "about", "so", "just", "if", "not", "he",
	"she", "they", "them", "his", "her", "their", "as", "from", "by", "me", "us", "my", NULL,
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static void keyset_add(ts_keyset *s, uint32_t key)
{
	if (s->n < 256)
		s->k[s->n++] = key;
}

static void keyset_finish(ts_keyset *s)
{
	qsort(s->k, s->n, sizeof *s->k, cmp_u32);
	size_t o = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!o || s->k[o - 1] != s->k[i])
			s->k[o++] = s->k[i];
	s->n = o;
}

static int zh_function(uint32_t cp)
{
	/* A UTF-8 sequence found in a string of whole sequences is one of them
	 * (a lead byte never occurs inside another); no table to build, so
	 * threads may call it at once. */
	char u[5] = {0};
	if (cp < 0x800 || cp > 0xFFFF)
		return 0;
	u[0] = (char)(0xE0 | (cp >> 12));
	u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	u[2] = (char)(0x80 | (cp & 0x3F));
	return strstr(zh_function_chars, u) != NULL;
}

/* Keys of a question: pairs of adjacent content ideographs (Chinese), or
 * content words (English), hashed. */
void ts_keys(const ts_textclass *tc, const ts_lang *lang, const char *s, size_t n, ts_keyset *out)
{
	out->n = 0;
	const unsigned char *u = (const unsigned char *)s;
	if (lang->keys_by == TS_KEYS_PAIRS) {
		uint32_t prev = 0;
		for (size_t i = 0; i < n;) {
			uint32_t cp;
			size_t k = ts_utf8_decode(u + i, n - i, &cp);
			if (!k)
				break;
			i += k;
			int content = ts_classify(tc, cp).kind == TS_CK_CJK && !zh_function(cp);
			if (content && prev)
				keyset_add(out, prev * 0x9E3779B1u ^ cp);
			prev = content ? cp : 0;
		}
		keyset_finish(out);
		return;
	}
	for (size_t i = 0; i < n;) {
		while (i < n && !(((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
		size_t b = i;
		char w[32];
		size_t m = 0;
		while (i < n && (((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		                 s[i] == '\'')) {
			if (m + 1 < sizeof w)
				w[m++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
			i++;
		}
		w[m] = '\0';
		if (i == b)
			break;
		int stop = 0;
		for (size_t k = 0; en_stop[k] && !stop; k++)
			stop = !strcmp(w, en_stop[k]);
		if (!stop && m > 2) {
			uint32_t h = 2166136261u;
			for (size_t k = 0; k < m; k++)
				h = (h ^ (unsigned char)w[k]) * 16777619u;
			keyset_add(out, h);
		}
	}
	keyset_finish(out);
}

size_t ts_keys_common(const ts_keyset *a, const ts_keyset *b)
{
	size_t i = 0, j = 0, both = 0;
	while (i < a->n && j < b->n) {
		if (a->k[i] == b->k[j]) {
			both++;
			i++;
			j++;
		} else if (a->k[i] < b->k[j]) {
			i++;
		} else {
			j++;
		}
	}
	return both;
}

double ts_keys_overlap(const ts_keyset *a, const ts_keyset *b)
{
	size_t small = a->n < b->n ? a->n : b->n;
	if (small < 2)
		return 0;
	return (double)ts_keys_common(a, b) / (double)small;
}
