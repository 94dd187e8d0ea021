#include "config.h"

#include "read/reader.h"

#include <stdlib.h>
#include <string.h>

#include "base/diag.h"

/* One row per input format. */
static const ts_format_reader *const formats[] = {
	&ts_reader_text,
};

const ts_format_reader *ts_format_find(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (!strcmp(formats[i]->name, name))
			return formats[i];
	return NULL;
}

int ts_format_of(const char *name, const ts_format_reader **fmt, ts_error *err)
{
	*fmt = formats[0];
	if (name && !(*fmt = ts_format_find(name)))
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "unknown format: '%s'", name);
	return 0;
}
