/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { OPT_FORMAT = 256, OPT_SPEAKERS, OPT_CALLER, OPT_ENCODING, OPT_RATE, OPT_JSONL,
       OPT_COMPACT, OPT_DATADIR, OPT_LEXICON, OPT_LEXICON_ONLY, OPT_SECTIONS, OPT_THREADS,
       OPT_PART_BYTES, OPT_MODEL, OPT_HELP, OPT_VERSION, OPT_PROGRESS, OPT_NO_PROGRESS };

static const struct option long_opts[] = {
	{"from", required_argument, NULL, OPT_FORMAT},
	{"format", required_argument, NULL, OPT_FORMAT},  /* the older name of --from */
	{"speakers", required_argument, NULL, OPT_SPEAKERS},
	{"caller", required_argument, NULL, OPT_CALLER},
	{"encoding", required_argument, NULL, OPT_ENCODING},
	{"rate", required_argument, NULL, OPT_RATE},
	{"jsonl", no_argument, NULL, OPT_JSONL},
	{"compact", no_argument, NULL, OPT_COMPACT},
	{"sections", required_argument, NULL, OPT_SECTIONS},
	{"datadir", required_argument, NULL, OPT_DATADIR},
	{"lexicon", required_argument, NULL, OPT_LEXICON},
	{"lexicon-only", required_argument, NULL, OPT_LEXICON_ONLY},
	{"threads", required_argument, NULL, OPT_THREADS},
	{"part-bytes", required_argument, NULL, OPT_PART_BYTES},
	{"model", required_argument, NULL, OPT_MODEL},
	{"output", required_argument, NULL, 'o'},
	{"progress", no_argument, NULL, OPT_PROGRESS},
	{"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

/* A program's own option of the same name wins over a common one
 * (talkstat-check's --format is its output format, not --from). */
static int shadowed(const cli *c, const char *name)
{
	for (size_t i = 0; c->extra_opts && c->extra_opts[i].name; i++)
		if (!strcmp(c->extra_opts[i].name, name))
			return 1;
	return 0;
}

static void help(const cli *c)
{
	printf("Usage: %s %s\n%s\n\n", c->prog, c->usage, c->about);
	if (c->input_help)
		printf("%s\n", c->input_help);
	else
		printf("Input: labelled transcripts (\"LABEL：text\" lines), UTF-8 unless --encoding;\n"
		       "FILE '-' or no FILE reads standard input.\n\n");
	if (c->extra_help)
		printf("Options:\n%s\nTranscript and output options:\n", c->extra_help);
	else
		printf("Options:\n");
	/* the formats the library reads, wrapped before column 80 */
	int col = printf("      --from=FORMAT      input format:");
	for (size_t i = 0; ts_format_name(i); i++) {
		const char *name = ts_format_name(i);
		if (i)
			col += printf(",");  /* before a wrap, not after it */
		if (col + 1 + (int)strlen(name) >= 80)
			col = printf("\n%25s", "") - 1;
		col += printf(" %s", name);
	}
	printf("\n"
	       "                         (default: by the file name's extension, else by\n"
	       "                         content, else text)%s\n",
	       shadowed(c, "format") ? "" : "; --format is the same");
	printf("      --speakers=A,B     the speaker labels (default: line-start prefixes\n"
	       "                         seen at least twice, or an @Participants: line)\n"
	       "      --caller=LABEL     the caller (default: @Caller:, else the speaker who\n"
	       "                         asks the most questions)\n"
	       "      --encoding=NAME    input encoding: utf-8 (default), gb18030, gbk, big5\n");
	if (!c->reading_only)
		printf("      --rate=N|zh=N,en=N speaking rate for estimated seconds, in units per\n"
		       "                         second (default zh=5.18 chars, en=2.5 words)\n"
		       "%s"
		       "      --sections=LIST    only these sections (comma-separated): speakers,\n"
		       "                         turns, events, deflections, qa, utterances; the\n"
		       "                         others are neither computed nor printed\n"
		       "      --compact          no indentation\n",
		       c->no_jsonl ? "" : "      --jsonl            one call per line (JSON Lines), each with its source\n");
	printf("      --datadir=DIR      a folder of data files to use instead of the built-in\n"
	       "                         ones (default: $TALKSTAT_DATADIR; copies of the\n"
	       "                         built-in files are installed in %s)\n",
	       TS_PKGDATADIR);
	if (!c->reading_only)
		printf("      --lexicon=FILE     add the deflection phrases of FILE (repeatable;\n"
		       "                         format: docs/lexicon.md); a phrase already there\n"
		       "                         takes the category given in FILE\n"
		       "      --lexicon-only=FILE  use FILE instead of the built-in lexicons\n"
		       "                         (repeatable, and --lexicon files add to it)\n"
		       "      --model=FILE       class replies with a reply model (talkstat train;\n"
		       "                         'default': the built-in one, trained on QEvasion,\n"
		       "                         English); rules still decide backchannels, no\n"
		       "                         response and questions back (docs/qa.md)\n"
		       "      --threads=N        read and analyse with N threads (default 0: one per\n"
		       "                         processor); the output is the same for any N\n"
		       "      --part-bytes=N     input bytes a thread takes at a time, at least\n"
		       "                         (default 524288; parts are cut at call headers)\n"
		       "      --progress         a progress line on standard error (default: when\n"
		       "                         it is a terminal and a transcript is 16 MiB or more)\n"
		       "      --no-progress      no progress line\n");
	printf("  -o, --output=FILE      write FILE (through a temporary file and a rename)\n"
	       "  -h, --help             show this help and exit\n"
	       "      --version          show the version and exit\n\n");
	printf("%s\n", c->exit_help ? c->exit_help :
	       "Exit status: 0 ok; 1 the input is not valid (bad bytes, no speaker labels);\n"
	       "2 usage or system error (missing file, unwritable output).\n");
	printf("Examples:\n%s", c->examples);
	if (c->doc_help)
		printf("\n%s", c->doc_help);
	else
		printf("\nDocumentation: talkstat(7), docs/ in the source tree; JSON schema:\n"
		       "%s/summary.schema.json\n", TS_PKGDATADIR);
}

/* After --help or --version: exit 0, or 2 saying why the text did not get
 * out (--help > /dev/full). */
static _Noreturn void exit_after_stdout(const cli *c)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: standard output: write error: %s\n", c->prog, strerror(errno));
		exit(EXIT_USAGE);
	}
	exit(0);
}

void cli_usage_error(const cli *c, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", c->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", c->prog);
	exit(EXIT_USAGE);
}

unsigned long long cli_number(const cli *c, const char *opt, const char *arg,
                              unsigned long long min, unsigned long long max)
{
	unsigned long long v = 0;
	const char *p = arg;
	for (; *p >= '0' && *p <= '9' && v <= max; p++)
		v = v * 10 + (unsigned)(*p - '0');
	if (p == arg || *p || v < min || v > max)
		cli_usage_error(c, "%s wants a whole number from %llu to %llu: '%s'", opt, min, max, arg);
	return v;
}

void *cli_alloc(const cli *c, void *p)
{
	if (!p) {
		fprintf(stderr, "%s: out of memory\n", c->prog);
		exit(EXIT_USAGE);
	}
	return p;
}

/* --speakers A,B (also "，" and "、" between them). */
static void parse_speakers(cli *c, const char *arg)
{
	size_t n;
	ts_list_free(c->speakers);
	if (ts_list_split(arg, strlen(arg), &c->speakers, &n))
		cli_alloc(c, NULL);
	if (!n)
		cli_usage_error(c, "--speakers names no label: '%s'", arg);
	c->opt.speakers = (const char *const *)c->speakers;
	c->opt.nspeakers = n;
}

/* A positive finite number up to 1000 with nothing after it. */
static int parse_rate(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v) || v <= 0 || v > 1000)
		return -1;
	*out = v;
	return 0;
}

/* --rate N (every language) or --rate zh=N,en=N; the library knows the
 * languages. */
static void parse_rates(cli *c, const char *arg)
{
	static const char *const wants = "--rate wants a positive number or zh=N,en=N: '%s'";
	char *copy = cli_alloc(c, strdup(arg)), *save = NULL;
	free(c->rates);
	free(c->rate_text);
	c->rates = NULL;
	size_t n = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		c->rates = cli_alloc(c, realloc(c->rates, (n + 1) * sizeof *c->rates));
		char *eq = strchr(tok, '=');
		if (eq)
			*eq = '\0';
		if ((!eq && strchr(arg, '=')) || parse_rate(eq ? eq + 1 : tok, &c->rates[n].per_second))
			cli_usage_error(c, wants, arg);
		c->rates[n++].language = eq ? tok : NULL;
	}
	if (!n || (n > 1 && !strchr(arg, '=')))
		cli_usage_error(c, wants, arg);
	c->rate_text = copy;  /* the names point into it */
	c->opt.rates = c->rates;
	c->opt.nrates = n;
}

/* The options of a program that summarises: what it computes and how
 * (talkstat-check only reads). */
static int summary_only(int val)
{
	switch (val) {
	case OPT_RATE: case OPT_JSONL: case OPT_COMPACT: case OPT_SECTIONS:
	case OPT_LEXICON: case OPT_LEXICON_ONLY: case OPT_THREADS: case OPT_PART_BYTES:
	case OPT_MODEL:
	case OPT_PROGRESS: case OPT_NO_PROGRESS:
		return 1;
	default:
		return 0;
	}
}

/* The common options and the program's own, in one table (static: the
 * program may exit from inside the option loop, on --help). */
static struct option *all_options(const cli *c)
{
	static struct option all[64];
	size_t n = sizeof long_opts / sizeof *long_opts, k = 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (!(c->no_jsonl && long_opts[i].val == OPT_JSONL) && !shadowed(c, long_opts[i].name) &&
		    !(c->reading_only && summary_only(long_opts[i].val)))
			all[k++] = long_opts[i];
	for (size_t i = 0; c->extra_opts && c->extra_opts[i].name; i++) {
		if (k + 1 >= sizeof all / sizeof *all) {
			fprintf(stderr, "%s: too many options\n", c->prog);
			exit(EXIT_USAGE);
		}
		all[k++] = c->extra_opts[i];
	}
	all[k] = long_opts[n - 1];
	return all;
}

/* Standard output's buffer when it is a pipe or a file: stdio's own is
 * its st_blksize, 4 KiB, so a summary went out in a write(2) for every 4
 * KiB, each waking the reader of a pipe (1,895 writes for the 7.6 MB of a
 * 5 MB corpus), whose work then competes with ours for the cores; to a
 * file, the default output of zh20 took 9,937 writes and 8% more CPU
 * (task-clock min 248.5 -> 228.3 ms with this buffer; --jsonl, whose
 * lines go to write(2) 128 KiB at a time, the same, 210.0 and 209.3).  A
 * terminal and devices (/dev/full) keep stdio's ways. */
#define CLI_PIPE_BUFFER ((size_t)1 << 19)

/* The pipe itself, made to hold two of those writes: at its usual 64 KiB
 * every 64 KiB woke its reader (`| cat` switched 509 times for the 33 MB
 * of bench/bench.sh's zh files, and took the processors from our threads
 * each time); with 1 MiB, 65 times.  Linux's default largest size for a
 * user (/proc/sys/fs/pipe-max-size); refused, the pipe stays as it is. */
#define CLI_PIPE_BYTES (1 << 20)

static void widen_out_buffer(void)
{
	/* static: glibc's setvbuf takes no size without a buffer; standard
	 * output lives until the program ends (only the pages written to
	 * are ever touched) */
	static char buffer[CLI_PIPE_BUFFER];
	struct stat st;
	if (fstat(STDOUT_FILENO, &st) || !(S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode)))
		return;
	setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
	if (!S_ISFIFO(st.st_mode))
		return;
#if defined(F_GETPIPE_SZ) && defined(F_SETPIPE_SZ)
	int now = fcntl(STDOUT_FILENO, F_GETPIPE_SZ);
	if (now >= 0 && now < CLI_PIPE_BYTES)
		(void)fcntl(STDOUT_FILENO, F_SETPIPE_SZ, CLI_PIPE_BYTES);
#endif
}

/* glibc raises its thresholds for giving memory back each time a large
 * block is freed, and then keeps up to twice the largest freed block in
 * every thread's arena: with the parts' records (a megabyte or two each)
 * freed in turn, 16 threads kept about 10 MiB more than they used.  Fixed
 * thresholds give it back at once (bench/RESULTS-manyfiles.md). */
static void bound_malloc(void)
{
#if defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
	mallopt(M_TRIM_THRESHOLD, 128 * 1024);
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

void cli_parse(cli *c, int argc, char **argv)
{
	bound_malloc();
	widen_out_buffer();  /* before anything is written to it */
	ts_options_init(&c->opt);
	opterr = 0;
	int ch;
	struct option *opts = all_options(c);
	while ((ch = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		if (ch >= CLI_OPT_EXTRA && c->on_option) {
			c->on_option(c, ch, optarg);
			continue;
		}
		switch (ch) {
		case OPT_FORMAT: c->opt.format = optarg; break;
		case OPT_SPEAKERS: parse_speakers(c, optarg); break;
		case OPT_CALLER: c->opt.caller = optarg; break;
		case OPT_ENCODING: c->opt.encoding = optarg; break;
		case OPT_RATE: parse_rates(c, optarg); break;
		case OPT_JSONL: c->jsonl = 1; break;
		case OPT_COMPACT: c->compact = 1; break;
		case OPT_SECTIONS: c->sections = optarg; break;
		case OPT_DATADIR: c->opt.datadir = optarg; break;
		case OPT_MODEL: c->opt.model = optarg; break;
		case OPT_LEXICON_ONLY:
			c->opt.lexicon_only = 1;
			/* fall through */
		case OPT_LEXICON: {
			const char **l = realloc(c->lexicons, (c->opt.nlexicons + 1) * sizeof *l);
			if (!l) {
				fprintf(stderr, "%s: out of memory\n", c->prog);
				exit(EXIT_USAGE);
			}
			l[c->opt.nlexicons++] = optarg;
			c->lexicons = l;
			c->opt.lexicons = l;
			break;
		}
		case OPT_THREADS:
			c->opt.threads = (unsigned)cli_number(c, "--threads", optarg, 0, 1024);
			break;
		case OPT_PART_BYTES:
			c->opt.part_bytes = (size_t)cli_number(c, "--part-bytes", optarg, 1, 1ULL << 40);
			break;
		case 'o': c->out_path = optarg; break;
		case OPT_PROGRESS: c->progress = 1; break;
		case OPT_NO_PROGRESS: c->progress = 2; break;
		case 'h':
		case OPT_HELP:
			help(c);
			exit_after_stdout(c);
		case OPT_VERSION:
			printf("%s (talkstat) %s\n%s", c->prog, ts_version(), CLI_LICENSE);
			exit_after_stdout(c);
		case ':':
			cli_usage_error(c, "option '%s' needs an argument", argv[optind - 1]);
		default:
			cli_usage_error(c, "unknown option '%s'", argv[optind - 1]);
		}
	}
	c->files = argv + optind;
	c->nfiles = argc - optind;
}

void cli_options_free(cli *c)
{
	free(c->lexicons);
	ts_list_free(c->speakers);
	free(c->rates);
	free(c->rate_text);
	c->lexicons = NULL;
	c->speakers = NULL;
	c->rates = NULL;
	c->rate_text = NULL;
	c->opt.lexicons = NULL;
	c->opt.speakers = NULL;
	c->opt.rates = NULL;
	c->opt.nlexicons = c->opt.nspeakers = c->opt.nrates = 0;
}

int cli_report(const cli *c, const ts_error *err)
{
	char buf[1200];
	ts_error_format(err, buf, sizeof buf);
	fprintf(stderr, "%s: %s\n", c->prog, buf);
	if (err->code == TS_EUSAGE) {
		fprintf(stderr, "Try '%s --help' for more information.\n", c->prog);
		return EXIT_USAGE;
	}
	return err->code == TS_EINPUT || err->code == TS_ELIMIT ? EXIT_INPUT : EXIT_USAGE;
}

/* The temporary file of -o while it is written, removed if a signal ends
 * the run before the rename. */
static char *volatile pending_tmp;

static void remove_pending(int sig)
{
	char *p = pending_tmp;
	if (p)
		unlink(p);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void remove_on_signals(char *path)
{
	pending_tmp = path;
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction sa = {0};
		sa.sa_handler = remove_pending;
		sigemptyset(&sa.sa_mask);
		struct sigaction old;
		/* a signal the caller ignores (nohup) stays ignored */
		if (!sigaction(sigs[i], NULL, &old) && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
}

/* The mode of a new output file: what it replaces has, or what the umask
 * leaves of 0666, as for a file the shell's '>' creates (mkstemp's is 0600). */
static mode_t output_mode(const char *path)
{
	struct stat st;
	if (!stat(path, &st))
		return st.st_mode & 07777;
	mode_t um = umask(0);
	umask(um);
	return 0666 & ~um;
}

int cli_out_open(cli *c)
{
	if (!c->out_path || !strcmp(c->out_path, "-")) {
		c->out = stdout;
		return 0;
	}
	struct stat st;
	/* a device or a pipe (-o /dev/stdout), or anything under /dev and
	 * /proc (/dev/stdout may name a regular file through /proc/self/fd):
	 * write it in place; renaming a temporary file over it would replace
	 * the link or the device node */
	if ((!stat(c->out_path, &st) && !S_ISREG(st.st_mode)) ||
	    !strncmp(c->out_path, "/dev/", 5) || !strncmp(c->out_path, "/proc/", 6)) {
		if (!(c->out = fopen(c->out_path, "w"))) {
			fprintf(stderr, "%s: %s: cannot open: %s\n", c->prog, c->out_path, strerror(errno));
			return EXIT_USAGE;
		}
		return 0;
	}
	/* a symbolic link stays one: the file it names is replaced */
	if (!lstat(c->out_path, &st) && S_ISLNK(st.st_mode)) {
		if (!(c->link_target = realpath(c->out_path, NULL))) {
			fprintf(stderr, "%s: %s: cannot follow the link: %s\n", c->prog, c->out_path,
			        strerror(errno));
			return EXIT_USAGE;
		}
		c->out_path = c->link_target;
	}
	size_t n = strlen(c->out_path) + 16;
	c->tmp_path = malloc(n);
	if (!c->tmp_path) {
		fprintf(stderr, "%s: out of memory\n", c->prog);
		return EXIT_USAGE;
	}
	snprintf(c->tmp_path, n, "%s.XXXXXX", c->out_path);
	mode_t mode = output_mode(c->out_path);
	int fd = mkstemp(c->tmp_path);
	if (fd >= 0)
		remove_on_signals(c->tmp_path);
	if (fd < 0 || fchmod(fd, mode) || !(c->out = fdopen(fd, "w"))) {
		fprintf(stderr, "%s: %s: cannot create: %s\n", c->prog, c->out_path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(c->tmp_path);
		}
		pending_tmp = NULL;
		free(c->tmp_path);
		c->tmp_path = NULL;
		return EXIT_USAGE;
	}
	return 0;
}

int cli_out_close(cli *c, int failed)
{
	const char *name = c->out_path && strcmp(c->out_path, "-") ? c->out_path : "standard output";
	int bad = fflush(c->out) != 0 || ferror(c->out);
	int e = errno;
	if (fclose(c->out) && !bad) {
		bad = 1;
		e = errno;
	}
	c->out = NULL;
	if (bad && !failed)
		fprintf(stderr, "%s: %s: write error: %s\n", c->prog, name, strerror(e));
	if (c->tmp_path) {
		if (bad || failed) {
			unlink(c->tmp_path);
		} else if (rename(c->tmp_path, c->out_path)) {
			fprintf(stderr, "%s: %s: cannot rename: %s\n", c->prog, c->out_path,
			        strerror(errno));
			unlink(c->tmp_path);
			bad = 1;
		}
		pending_tmp = NULL;
		free(c->tmp_path);
		c->tmp_path = NULL;
	}
	free(c->link_target);
	c->link_target = NULL;
	return bad ? EXIT_USAGE : 0;
}

/* Section names of --sections, in the order of the output. */
static const struct {
	const char *name;
	unsigned bit;
} section_names[] = {
	{"speakers", TS_SECTION_SPEAKERS}, {"turns", TS_SECTION_TURNS},
	{"events", TS_SECTION_EVENTS},     {"deflections", TS_SECTION_DEFLECTIONS},
	{"qa", TS_SECTION_QA},             {"utterances", TS_SECTION_TURN_LIST},
};

/* The sections a --sections list names. */
static unsigned parse_sections(const cli *c, const char *list)
{
	unsigned bits = 0;
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		size_t k = 0;
		for (; k < sizeof section_names / sizeof *section_names; k++)
			if (strlen(section_names[k].name) == n && !strncmp(p, section_names[k].name, n))
				break;
		if (k == sizeof section_names / sizeof *section_names)
			cli_usage_error(c, "--sections: unknown section '%.*s'", (int)n, p);
		bits |= section_names[k].bit;
		p += n;
		if (*p)
			p++;
	}
	if (!bits)
		cli_usage_error(c, "--sections names no section: '%s'", list);
	return bits;
}

/* Bytes given this many at a time (the summaries of many calls as JSON
 * Lines) go to write(2) from where they are, after what stdio holds: stdio
 * would copy them into its buffer first, a copy of every byte of the
 * output.  What write(2) refuses goes through stdio, which records the
 * error for the end (cli_out_close). */
#define CLI_DIRECT_BYTES ((size_t)1 << 16)

int cli_write(void *out, const char *bytes, size_t len)
{
	FILE *f = out;
	if (len >= CLI_DIRECT_BYTES && !fflush(f)) {
		int fd = fileno(f);
		while (len) {
			ssize_t k = write(fd, bytes, len);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				break;
			bytes += k;
			len -= (size_t)k;
		}
	}
	return fwrite(bytes, 1, len, f) != len || ferror(f);
}

int cli_file_begin(void *arg, size_t i)
{
	cli *c = arg;
	c->progress_name = c->progress_srcs[i];
	return 0;
}

int cli_run_inputs(cli *c, int (*body)(cli *c, ts_context *ctx, char **files, int nfiles))
{
	static char *stdin_only[] = {"-"};
	char **files = c->nfiles ? c->files : stdin_only;
	int nfiles = c->nfiles ? c->nfiles : 1;
	ts_error err = {0};
	ts_context *ctx = NULL;
	int status = 0;
	if (ts_context_new(&ctx, &c->opt, &err))
		status = cli_report(c, &err);
	cli_options_free(c);
	if (!status && !(status = cli_out_open(c))) {
		status = body(c, ctx, files, nfiles);
		int out_rc = cli_out_close(c, status != 0);
		status = status ? status : out_rc;
	}
	ts_context_free(ctx);
	return status;
}

int cli_run_calls(cli *c, unsigned sections)
{
	if (c->sections)
		sections = parse_sections(c, c->sections);
	static char *stdin_only[] = {"-"};
	char **files = c->nfiles ? c->files : stdin_only;
	int nfiles = c->nfiles ? c->nfiles : 1;
	int pretty = !c->compact && !c->jsonl;
	int many = nfiles > 1;
	ts_error err = {0};
	ts_context *ctx = NULL;
	c->opt.sections = sections;
	int rc = ts_context_new(&ctx, &c->opt, &err);
	cli_options_free(c);
	if (rc)
		return cli_report(c, &err);
	cli_progress(c, ctx);
	if ((rc = cli_out_open(c))) {
		ts_context_free(ctx);
		return rc;
	}
	int status = 0;
	ts_doc *doc;
	const char **srcs = cli_alloc(c, calloc((size_t)nfiles, sizeof *srcs));
	for (int i = 0; i < nfiles; i++)
		srcs[i] = strcmp(files[i], "-") ? files[i] : "<stdin>";
	const char *one = srcs[0];
	if ((rc = ts_doc_new(&doc, (pretty ? TS_JSON_PRETTY : 0) | (c->jsonl ? TS_DOC_LINES : 0),
	                     many ? NULL : one, cli_write, c->out, &err))) {
		ts_context_free(ctx);
		cli_out_close(c, 1);
		return cli_report(c, &err);
	}
	c->progress_srcs = srcs;
	rc = ts_doc_files(doc, ctx, (size_t)nfiles, (const char *const *)files, srcs, sections,
	                  cli_file_begin, c, &err);
	if (rc < 0)
		status = cli_report(c, &err);
	/* rc > 0: a write error, reported when the output is closed */
	c->progress_srcs = NULL;
	free(srcs);
	if (status)
		ts_doc_free(doc);  /* cut short: no reader may take it for all the calls */
	else if (ts_doc_end(doc) == TS_ENOMEM)
		status = cli_report(c, &(ts_error){.code = TS_ENOMEM, .msg = "out of memory"});
	ts_context_free(ctx);
	int out_rc = cli_out_close(c, status != 0);
	return status ? status : out_rc;
}

/* ---- progress on standard error ---- */

/* A large input, worth a progress line without --progress: 16 MiB take
 * from about a tenth of a second with every section on all threads to
 * most of a second with the reply model on one (bench/RESULTS.md, "The
 * commands": MB/s of 'summary, all threads' and of 'reply model'). */
#define CLI_PROGRESS_BYTES (16LL << 20)

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* "talkstat-summary: calls.txt: 45% of 120 MB", at most five times a
 * second, over itself (CR); cleared when the input is read whole. */
static void show_progress(void *arg, long long done, long long total)
{
	cli *c = arg;
	if (c->progress != 1 && total < CLI_PROGRESS_BYTES)
		return;
	if (done >= total) {
		if (c->progress_width)
			fprintf(stderr, "\r%*s\r", c->progress_width, "");
		c->progress_width = 0;
		c->progress_last = 0;
		return;
	}
	double t = now_seconds();
	if (c->progress_width && t - c->progress_last < 0.2)
		return;
	c->progress_last = t;
	int w = fprintf(stderr, "\r%s: %s%s%d%% of %.1f MB", c->prog, c->progress_name ? c->progress_name : "",
	                c->progress_name ? ": " : "", total > 0 ? (int)(100 * done / total) : 100,
	                total / 1e6);
	if (w - 1 < c->progress_width)
		fprintf(stderr, "%*s", c->progress_width - (w - 1), "");
	if (w - 1 > c->progress_width)
		c->progress_width = w - 1;
	fflush(stderr);
}

void cli_progress(cli *c, ts_context *ctx)
{
	if (c->progress == 1 || (c->progress == 0 && isatty(2)))
		ts_context_set_progress(ctx, show_progress, c);
}

void cli_parse_by(const cli *c, cli_by *by, ts_agg_options *ao, const char *arg)
{
	size_t n = 0;
	if (by->given)
		cli_usage_error(c, "--by given twice: give every key in one list (--by %s,%s)",
		                by->text, arg);
	by->given = 1;
	by->text = arg;
	if (!*arg)
		return;
	if (ts_list_split(arg, strlen(arg), &by->list, &n))
		cli_alloc(c, NULL);
	int empty = n < ts_list_places(arg, strlen(arg));
	for (size_t i = 0; i < n && !empty; i++)
		empty = !strcmp(by->list[i], "@");
	if (empty)
		cli_usage_error(c, "--by: empty key in '%s'", arg);
	if (n > TS_AGG_MAX_KEYS)
		cli_usage_error(c, "--by: more than %d keys: '%s'", TS_AGG_MAX_KEYS, arg);
	ao->by = (const char *const *)by->list;
	ao->nby = n;
}
