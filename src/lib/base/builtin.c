#include "config.h"

#include "base/builtin.h"

#include <string.h>

const ts_builtin_file *ts_builtin_find(const char *path)
{
	size_t n = strlen(TS_BUILTIN_DIR);
	if (strncmp(path, TS_BUILTIN_DIR, n) || path[n] != '/')
		return NULL;
	for (const ts_builtin_file *f = ts_builtin_files; f->name; f++)
		if (!strcmp(f->name, path + n + 1))
			return f;
	return NULL;
}
