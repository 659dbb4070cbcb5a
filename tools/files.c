/*
 * xoev - the files of a run: lists of input paths (files as named,
 * directories searched recursively in sorted order) and atomic output.
 * Shared by `xoev validate` and `xoev translate`.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE /* syncfs */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

/*
 * Atomic output in batches. Each file is written to its hidden temporary
 * name first; the commit makes every temporary file durable (one syncfs()
 * per file system for a batch of several files, else fsync() per file),
 * and only then gives each its name (link(), or rename() to replace): a
 * file never becomes visible before its contents are on disk, and never
 * half written.
 */
/*
 * An unnamed file in path's directory (Linux O_TMPFILE): nothing to clean
 * up if the run stops before it is named. -1 where unsupported (then a
 * hidden temporary name is used).
 */
static int open_unnamed(const char *path)
{
#if defined(__linux__) && defined(O_TMPFILE)
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	static int have_proc = -1; /* the CLI writes outputs from one thread */

	if (have_proc < 0)
		have_proc = access("/proc/self/fd", X_OK) == 0;
	if (!have_proc)
		return -1; /* naming it needs /proc (linkat AT_EMPTY_PATH needs a privilege) */
	if (!slash)
		return open(".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
	dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (!dir)
		return -1;
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
	free(dir);
	return fd;
#else
	(void)path;
	return -1;
#endif
}

/* Give the unnamed file fd the name to (fails with EEXIST if to exists). */
static int link_unnamed(int fd, const char *to)
{
	char proc[64];

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, to, AT_SYMLINK_FOLLOW);
}

int atomic_batch_add(atomic_batch *b, const char *path, const void *buf, size_t len, int replace)
{
	atomic_pending *p;
	size_t done = 0;
	int fd, err;
	char *tmp;

	if (b->count == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		atomic_pending *n = realloc(b->items, cap * sizeof *n);
		if (!n) {
			errno = ENOMEM;
			return -1;
		}
		b->items = n;
		b->cap = cap;
	}
	fd = open_unnamed(path);
	tmp = NULL;
	if (fd < 0) {
		tmp = temp_name_for(path);
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
	}
	while (done < len) {
		ssize_t w = write(fd, (const char *)buf + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err = w < 0 ? errno : EIO;
			close(fd);
			if (tmp)
				unlink(tmp);
			free(tmp);
			errno = err;
			return -1;
		}
		done += (size_t)w;
	}
	p = &b->items[b->count];
	p->path = strdup(path);
	if (!p->path) {
		close(fd);
		if (tmp)
			unlink(tmp);
		free(tmp);
		errno = ENOMEM;
		return -1;
	}
	p->tmp = tmp;
	p->fd = fd;
	p->replace = replace;
	p->err = 0;
	b->count++;
	return 0;
}

/* Give a durable temporary file its name; 0 or an errno value. */
static int publish(atomic_pending *p)
{
	int ok, err = 0;

	if (!p->tmp) {
		/* unnamed: link it in; to replace, under a temporary name first, then rename */
		if (link_unnamed(p->fd, p->path) == 0)
			return 0;
		if (errno != EEXIST || !p->replace)
			return errno ? errno : EIO;
		p->tmp = temp_name_for(p->path);
		if (!p->tmp)
			return ENOMEM;
		for (;;) {
			static unsigned int seq;
			char *x = p->tmp + strlen(p->tmp) - 6;
			snprintf(x, 7, "%06u", (unsigned int)((unsigned)getpid() * 7919u + seq++) % 1000000u);
			if (link_unnamed(p->fd, p->tmp) == 0)
				break;
			if (errno != EEXIST)
				return errno ? errno : EIO;
		}
		ok = rename(p->tmp, p->path) == 0;
		err = ok ? 0 : (errno ? errno : EIO);
		if (!ok)
			unlink(p->tmp);
		return err;
	}

	if (p->replace) {
		ok = rename(p->tmp, p->path) == 0;
	} else {
		/* link() refuses an existing name atomically; rename() would replace it */
		ok = link(p->tmp, p->path) == 0;
		if (!ok && errno != EEXIST && access(p->path, F_OK) != 0)
			ok = rename(p->tmp, p->path) == 0; /* a file system without hard links */
	}
	if (!ok)
		err = errno ? errno : EIO;
	unlink(p->tmp); /* after link(): the second name; after rename(): already gone */
	return err;
}

void atomic_batch_commit(atomic_batch *b)
{
	size_t i, j;
	int synced = 0;

#ifdef __linux__
	if (b->count > 1) {
		/* one syncfs() per file system instead of one fsync() per file */
		synced = 1;
		for (i = 0; i < b->count && synced; i++) {
			struct stat si, sj;
			int seen = 0;
			if (fstat(b->items[i].fd, &si) != 0) {
				synced = 0;
				break;
			}
			for (j = 0; j < i && !seen; j++)
				seen = fstat(b->items[j].fd, &sj) == 0 && sj.st_dev == si.st_dev;
			if (!seen && syncfs(b->items[i].fd) != 0)
				synced = 0; /* fall back to fsync(), which names the file that failed */
		}
	}
#endif
	for (i = 0; i < b->count; i++) {
		atomic_pending *p = &b->items[i];
		if (!synced && fsync(p->fd) != 0)
			p->err = errno ? errno : EIO;
		if (!p->err)
			p->err = publish(p);
		else if (p->tmp)
			unlink(p->tmp);
		if (close(p->fd) != 0 && !p->err)
			p->err = errno ? errno : EIO; /* cannot happen after a successful sync */
		p->fd = -1;
	}
}

void atomic_batch_clear(atomic_batch *b)
{
	size_t i;

	for (i = 0; i < b->count; i++) {
		if (b->items[i].fd >= 0) {
			close(b->items[i].fd);
			if (b->items[i].tmp)
				unlink(b->items[i].tmp);
		}
		free(b->items[i].tmp);
		free(b->items[i].path);
	}
	b->count = 0;
}

void atomic_batch_free(atomic_batch *b)
{
	atomic_batch_clear(b);
	free(b->items);
	memset(b, 0, sizeof *b);
}

int write_atomic(const char *path, const void *buf, size_t len, int replace)
{
	atomic_batch b = { 0 };
	int err;

	if (atomic_batch_add(&b, path, buf, len, replace) != 0) {
		err = errno;
		atomic_batch_free(&b);
		errno = err;
		return -1;
	}
	atomic_batch_commit(&b);
	err = b.items[0].err;
	atomic_batch_free(&b);
	errno = err;
	return err ? -1 : 0;
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
