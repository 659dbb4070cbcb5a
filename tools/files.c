/*
 * xoev - the files of a run: lists of input paths (files as named,
 * directories searched recursively in sorted order) and atomic output.
 * Shared by `xoev validate` and `xoev translate`.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int path_list_push(path_list *l, const char *s, size_t len)
{
	char *copy;

	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **n = realloc(l->items, cap * sizeof *n);
		if (!n)
			return XOEV_ENOMEM;
		l->items = n;
		l->cap = cap;
	}
	copy = malloc(len + 1);
	if (!copy)
		return XOEV_ENOMEM;
	memcpy(copy, s, len);
	copy[len] = '\0';
	l->items[l->count++] = copy;
	return XOEV_OK;
}

void path_list_free(path_list *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the files below dir that want accepts, recursively, in sorted order. */
static int expand_dir(path_list *out, const char *dir, path_filter want)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	path_list names = { 0 };
	size_t dl = strlen(dir), i;
	int rc = XOEV_OK;

	if (!d)
		return path_list_push(out, dir, dl); /* read later: reported as unreadable */
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	while (rc == XOEV_OK && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char *full;
		if (e->d_name[0] == '.')
			continue;
		full = malloc(dl + n + 2);
		if (!full) {
			rc = XOEV_ENOMEM;
			break;
		}
		sprintf(full, "%.*s/%s", (int)dl, dir, e->d_name);
		rc = path_list_push(&names, full, strlen(full));
		free(full);
	}
	closedir(d);
	if (rc == XOEV_OK && names.count)
		qsort(names.items, names.count, sizeof *names.items, cmp_str);
	for (i = 0; rc == XOEV_OK && i < names.count; i++) {
		struct stat st;
		if (lstat(names.items[i], &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc = expand_dir(out, names.items[i], want);
		else if (S_ISREG(st.st_mode) && want(names.items[i]))
			rc = path_list_push(out, names.items[i], strlen(names.items[i]));
	}
	path_list_free(&names);
	return rc;
}

int path_is_dir(const char *path)
{
	struct stat st;

	return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int path_list_add(path_list *out, const char *path, path_filter want)
{
	if (path_is_dir(path))
		return expand_dir(out, path, want);
	return path_list_push(out, path, strlen(path));
}

/* A temporary name next to path, hidden so that directory runs skip it (new string). */
static char *temp_name_for(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	char *tmp = malloc(strlen(path) + 16);

	if (tmp)
		sprintf(tmp, "%.*s.%s.xoev-XXXXXX", (int)dir, path, path + dir);
	return tmp;
}

int write_atomic(const char *path, const void *buf, size_t len, int replace)
{
	char *tmp = temp_name_for(path);
	FILE *f;
	int fd, ok, err = 0;

	if (!tmp) {
		errno = ENOMEM;
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = errno;
		free(tmp);
		errno = err;
		return -1;
	}
	{
		/* mkstemp creates 0600; an output gets the mode a new file would get */
		mode_t mask = umask(0);
		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
	f = fdopen(fd, "wb");
	ok = f && fwrite(buf, 1, len, f) == len;
	ok = f && fflush(f) == 0 && ok && fsync(fd) == 0;
	if (!ok)
		err = errno;
	if (f ? fclose(f) != 0 : close(fd) != 0) {
		err = ok ? errno : err;
		ok = 0;
	}
	if (ok && replace) {
		ok = rename(tmp, path) == 0;
	} else if (ok) {
		/* link() refuses an existing name atomically; rename() would replace it */
		ok = link(tmp, path) == 0;
		if (!ok && errno != EEXIST && access(path, F_OK) != 0)
			ok = rename(tmp, path) == 0; /* a file system without hard links */
	}
	if (!ok && !err)
		err = errno;
	unlink(tmp); /* after link(): the second name; after rename(): already gone */
	free(tmp);
	errno = err;
	return ok ? 0 : -1;
}

int make_dirs(const char *dir)
{
	char *p = strdup(dir), *s;
	int rc = 0;

	if (!p)
		return -1;
	for (s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		{
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST)
				rc = -1;
			else if (!path_is_dir(p)) {
				errno = ENOTDIR;
				rc = -1;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return rc;
}
