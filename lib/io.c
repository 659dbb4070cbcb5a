/*
 * libxoev - io: files, standard input, gzip, directories, atomic writes.
 *
 * Everything here works on plain POSIX file descriptors so that the same
 * code reads a file, standard input and a pipe, and so that the limits are
 * checked while reading, never after a whole bomb has been inflated.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <zlib.h>

#define IO_CHUNK 65536

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* A growable output buffer with a hard limit                          */
/* ------------------------------------------------------------------ */

typedef struct {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* 0 = no limit */
} outbuf;

/* Make room for at least `want` more bytes (plus the final NUL). */
static int outbuf_reserve(outbuf *o, size_t want)
{
	size_t need, ncap;
	char *nd;

	if (want > SIZE_MAX - o->len - 1)
		return XOEV_ENOMEM;
	need = o->len + want + 1;
	if (need <= o->cap)
		return 0;
	ncap = o->cap ? o->cap : 8192;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2) {
			ncap = need;
			break;
		}
		ncap *= 2;
	}
	/* Never allocate far beyond what the limit permits. */
	if (o->max && ncap > o->max + 1 && need <= o->max + 1)
		ncap = o->max + 1;
	nd = realloc(o->data, ncap);
	if (!nd)
		return XOEV_ENOMEM;
	o->data = nd;
	o->cap = ncap;
	return 0;
}

static int outbuf_append(outbuf *o, const void *p, size_t n, char *err, size_t errlen)
{
	if (o->max && (n > o->max || o->len > o->max - n)) {
		set_err(err, errlen, "larger than the limit of %zu bytes", o->max);
		return XOEV_ELIMIT;
	}
	if (outbuf_reserve(o, n) != 0) {
		set_err(err, errlen, "out of memory");
		return XOEV_ENOMEM;
	}
	if (n)
		memcpy(o->data + o->len, p, n);
	o->len += n;
	return 0;
}

static int outbuf_finish(outbuf *o, char **out, size_t *len, char *err, size_t errlen)
{
	if (outbuf_reserve(o, 0) != 0) {
		set_err(err, errlen, "out of memory");
		return XOEV_ENOMEM;
	}
	o->data[o->len] = '\0';
	*out = o->data;
	if (len)
		*len = o->len;
	o->data = NULL;
	o->len = o->cap = 0;
	return 0;
}

/* ------------------------------------------------------------------ */
/* gzip                                                                */
/* ------------------------------------------------------------------ */

static int is_gzip(const unsigned char *p, size_t n)
{
	return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/*
 * Streaming gzip decoder over chunks of input. Concatenated members
 * (as `cat a.gz b.gz` produces) are decoded one after the other.
 */
typedef struct {
	z_stream zs;
	int initialised;
	int in_member;   /* 1 while a member is being decoded */
	unsigned char pending[1]; /* first byte of a possible next member */
	int has_pending;
} gunzip_state;

static int gunzip_init(gunzip_state *g, char *err, size_t errlen)
{
	int zr;

	memset(g, 0, sizeof *g);
	zr = inflateInit2(&g->zs, 16 + MAX_WBITS);
	if (zr != Z_OK) {
		set_err(err, errlen, zr == Z_MEM_ERROR ? "out of memory" : "cannot initialise zlib");
		return zr == Z_MEM_ERROR ? XOEV_ENOMEM : XOEV_EIO;
	}
	g->initialised = 1;
	g->in_member = 1;
	return 0;
}

static void gunzip_end(gunzip_state *g)
{
	if (g->initialised)
		inflateEnd(&g->zs);
	g->initialised = 0;
}

/* Feed n bytes; decoded bytes go to o. */
static int gunzip_feed(gunzip_state *g, const unsigned char *in, size_t n, outbuf *o,
                       char *err, size_t errlen)
{
	unsigned char tmp[IO_CHUNK];
	int rc;

	while (n > 0) {
		if (!g->in_member) {
			/* Between members: the next bytes must be another gzip header. */
			if (!g->has_pending) {
				g->pending[0] = in[0];
				g->has_pending = 1;
				in++;
				n--;
				continue;
			}
			if (g->pending[0] != 0x1f || in[0] != 0x8b) {
				set_err(err, errlen, "corrupt gzip data: trailing garbage after the compressed data");
				return XOEV_EIO;
			}
			if (inflateReset(&g->zs) != Z_OK) {
				set_err(err, errlen, "corrupt gzip data");
				return XOEV_EIO;
			}
			g->in_member = 1;
			g->has_pending = 0;
			/* Re-feed the saved magic byte first. */
			rc = gunzip_feed(g, g->pending, 1, o, err, errlen);
			if (rc != 0)
				return rc;
		}
		g->zs.next_in = (unsigned char *)in;
		g->zs.avail_in = (uInt)(n > UINT_MAX ? UINT_MAX : n);
		{
			size_t given = g->zs.avail_in;
			int zr;

			do {
				g->zs.next_out = tmp;
				g->zs.avail_out = sizeof tmp;
				zr = inflate(&g->zs, Z_NO_FLUSH);
				if (zr == Z_NEED_DICT || zr == Z_DATA_ERROR || zr == Z_STREAM_ERROR) {
					set_err(err, errlen, "corrupt gzip data%s%s",
					        g->zs.msg ? ": " : "", g->zs.msg ? g->zs.msg : "");
					return XOEV_EIO;
				}
				if (zr == Z_MEM_ERROR) {
					set_err(err, errlen, "out of memory");
					return XOEV_ENOMEM;
				}
				rc = outbuf_append(o, tmp, sizeof tmp - g->zs.avail_out, err, errlen);
				if (rc != 0) {
					if (rc == XOEV_ELIMIT)
						set_err(err, errlen,
						        "decompressed data larger than the limit of %zu bytes",
						        o->max);
					return rc;
				}
				if (zr == Z_STREAM_END) {
					g->in_member = 0;
					break;
				}
				/* Z_BUF_ERROR: no progress possible; needs more input. */
				if (zr == Z_BUF_ERROR)
					break;
			} while (g->zs.avail_in > 0 || g->zs.avail_out == 0);
			{
				size_t used = given - g->zs.avail_in;
				in += used;
				n -= used;
			}
		}
	}
	return 0;
}

static int gunzip_finish(gunzip_state *g, char *err, size_t errlen)
{
	if (g->in_member || g->has_pending) {
		set_err(err, errlen, "truncated gzip data");
		return XOEV_EIO;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

int xoev_io__maybe_gunzip(const void *buf, size_t len, size_t max_bytes, char **out,
                          size_t *outlen, char *err, size_t errlen)
{
	outbuf o = { NULL, 0, 0, max_bytes };
	gunzip_state g;
	int rc;

	if (!out || (!buf && len))
		return XOEV_EINVAL;
	*out = NULL;
	if (outlen)
		*outlen = 0;
	if (!is_gzip(buf, len)) {
		rc = outbuf_append(&o, buf, len, err, errlen);
		if (rc == 0)
			rc = outbuf_finish(&o, out, outlen, err, errlen);
		free(o.data);
		return rc;
	}
	rc = gunzip_init(&g, err, errlen);
	if (rc != 0)
		return rc;
	rc = gunzip_feed(&g, buf, len, &o, err, errlen);
	if (rc == 0)
		rc = gunzip_finish(&g, err, errlen);
	gunzip_end(&g);
	if (rc == 0)
		rc = outbuf_finish(&o, out, outlen, err, errlen);
	free(o.data);
	return rc;
}

static ssize_t read_some(int fd, void *p, size_t n)
{
	ssize_t r;

	do
		r = read(fd, p, n);
	while (r < 0 && errno == EINTR);
	return r;
}

/* Read path (gzip inflated) into o, appending; o is neither finished nor freed. */
static int read_into(const char *path, outbuf *o_, char *err, size_t errlen)
{
	unsigned char chunk[IO_CHUNK];
	outbuf *o = o_;
	gunzip_state g;
	int fd, own_fd, rc = 0, first = 1, gz = 0;
	ssize_t r;

	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		own_fd = 0;
	} else {
		struct stat st;

		do
			fd = open(path, O_RDONLY | O_CLOEXEC);
		while (fd < 0 && errno == EINTR);
		if (fd < 0) {
			set_err(err, errlen, "cannot open: %s", strerror(errno));
			return XOEV_EIO;
		}
		own_fd = 1;
		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			set_err(err, errlen, "is a directory");
			close(fd);
			return XOEV_EIO;
		}
	}
	memset(&g, 0, sizeof g);

	for (;;) {
		size_t have = 0;

		/* The first read gathers at least two bytes for the magic check. */
		do {
			r = read_some(fd, chunk + have, sizeof chunk - have);
			if (r > 0)
				have += (size_t)r;
		} while (first && r > 0 && have < 2);
		if (r < 0) {
			set_err(err, errlen, "cannot read: %s", strerror(errno));
			rc = XOEV_EIO;
			break;
		}
		if (first) {
			first = 0;
			gz = is_gzip(chunk, have);
			if (gz) {
				rc = gunzip_init(&g, err, errlen);
				if (rc != 0)
					break;
			}
		}
		if (have > 0) {
			if (gz)
				rc = gunzip_feed(&g, chunk, have, o, err, errlen);
			else
				rc = outbuf_append(o, chunk, have, err, errlen);
			if (rc != 0)
				break;
		}
		if (r == 0)
			break;
	}
	if (rc == 0 && gz)
		rc = gunzip_finish(&g, err, errlen);
	gunzip_end(&g);
	if (own_fd)
		close(fd);
	return rc;
}

int xoev_io__read_file(const char *path, size_t max_bytes, char **out, size_t *len,
                       char *err, size_t errlen)
{
	outbuf o = { NULL, 0, 0, max_bytes };
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if (!path || !out)
		return XOEV_EINVAL;
	*out = NULL;
	if (len)
		*len = 0;
	rc = read_into(path, &o, err, errlen);
	if (rc == 0)
		rc = outbuf_finish(&o, out, len, err, errlen);
	free(o.data);
	return rc;
}

int xoev_io__read_file_reuse(const char *path, size_t max_bytes, char **buf, size_t *cap,
                             size_t *len, char *err, size_t errlen)
{
	outbuf o;
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if (!path || !buf || !cap || !len)
		return XOEV_EINVAL;
	o.data = *buf;
	o.len = 0;
	o.cap = *buf ? *cap : 0;
	o.max = max_bytes;
	rc = read_into(path, &o, err, errlen);
	if (rc == 0 && outbuf_reserve(&o, 0) != 0) {
		set_err(err, errlen, "out of memory");
		rc = XOEV_ENOMEM;
	}
	if (rc == 0)
		o.data[o.len] = '\0';
	*buf = o.data; /* kept for the next file, also after a failure */
	*cap = o.cap;
	*len = rc == 0 ? o.len : 0;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Atomic writes                                                       */
/* ------------------------------------------------------------------ */

/* The process umask, read without changing it (umask(2) would race). */
static mode_t current_umask(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	mode_t m = 022;

	if (!f)
		return m;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "Umask:", 6) == 0) {
			m = (mode_t)strtoul(line + 6, NULL, 8);
			break;
		}
	}
	fclose(f);
	return m;
}

typedef struct {
	char *tmp;  /* temporary path, NULL once renamed or removed */
	int fd;
} atomic_file;

static int atomic_open(atomic_file *a, const char *path, mode_t mode)
{
	char *dir, *base, *tmpl;
	const char *slash;

	a->tmp = NULL;
	a->fd = -1;
	slash = strrchr(path, '/');
	base = (char *)(slash ? slash + 1 : path);
	if (*base == '\0')
		return XOEV_EIO;
	dir = xoev_io__dirname(path);
	if (!dir)
		return XOEV_ENOMEM;
	tmpl = xoev_util__printf("%s/.%s.tmpXXXXXX", dir, base);
	free(dir);
	if (!tmpl)
		return XOEV_ENOMEM;
	a->fd = mkstemp(tmpl);
	if (a->fd < 0) {
		free(tmpl);
		return XOEV_EIO;
	}
	a->tmp = tmpl;
	if (fchmod(a->fd, mode) != 0) {
		/* Not fatal: the file stays private (0600). */
	}
	return 0;
}

static int atomic_write(atomic_file *a, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t w = write(a->fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return XOEV_EIO;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static void atomic_abort(atomic_file *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	if (a->tmp) {
		unlink(a->tmp);
		free(a->tmp);
		a->tmp = NULL;
	}
}

static void fsync_dir_of(const char *path)
{
	char *dir = xoev_io__dirname(path);
	int dfd;

	if (!dir)
		return;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (dfd >= 0) {
		(void)fsync(dfd); /* best effort: not every file system supports it */
		close(dfd);
	}
}

static int atomic_commit(atomic_file *a, const char *path)
{
	int rc;

	rc = fsync(a->fd);
	if (close(a->fd) != 0)
		rc = -1;
	a->fd = -1;
	if (rc != 0 || rename(a->tmp, path) != 0) {
		atomic_abort(a);
		return XOEV_EIO;
	}
	free(a->tmp);
	a->tmp = NULL;
	fsync_dir_of(path);
	return 0;
}

/* Mode for a new output: that of the file it replaces, else 0666 & ~umask. */
static mode_t output_mode(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	return 0666 & ~current_umask();
}

int xoev_io__write_atomic(const char *path, const void *buf, size_t len)
{
	atomic_file a;
	int rc;

	if (!path || (!buf && len))
		return XOEV_EIO;
	rc = atomic_open(&a, path, output_mode(path));
	if (rc != 0)
		return XOEV_EIO; /* the contract knows one failure: nothing was written */
	if (atomic_write(&a, buf, len) != 0) {
		atomic_abort(&a);
		return XOEV_EIO;
	}
	return atomic_commit(&a, path);
}

int xoev_io__copy_file(const char *from, const char *to)
{
	unsigned char chunk[IO_CHUNK];
	struct stat st;
	atomic_file a;
	int fd;
	ssize_t r;

	if (!from || !to)
		return XOEV_EIO;
	fd = open(from, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return XOEV_EIO;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return XOEV_EIO;
	}
	if (atomic_open(&a, to, (st.st_mode & 0777) & ~current_umask()) != 0) {
		close(fd);
		return XOEV_EIO;
	}
	while ((r = read_some(fd, chunk, sizeof chunk)) > 0) {
		if (atomic_write(&a, chunk, (size_t)r) != 0)
			break;
	}
	close(fd);
	if (r != 0) {
		atomic_abort(&a);
		return XOEV_EIO;
	}
	return atomic_commit(&a, to);
}

/* ------------------------------------------------------------------ */
/* Directories                                                         */
/* ------------------------------------------------------------------ */

int xoev_io__mkdir_p(const char *path)
{
	char *p, *s;
	struct stat st;
	int rc = 0;

	if (!path || !*path)
		return XOEV_EIO;
	p = xoev_util__strdup(path);
	if (!p)
		return XOEV_EIO;
	s = p;
	while (*s == '/')
		s++;
	for (;;) {
		char *slash = strchr(s, '/');
		char saved = 0;

		if (slash) {
			saved = *slash;
			*slash = '\0';
		}
		if (*s && mkdir(p, 0777) != 0) {
			if (errno != EEXIST || stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
				rc = XOEV_EIO;
				break;
			}
		}
		if (!slash)
			break;
		*slash = saved;
		s = slash + 1;
		while (*s == '/')
			s++;
		if (!*s)
			break;
	}
	free(p);
	return rc;
}

/* Remove every entry of the open directory dfd (consumed), recursively. */
static int rmtree_fd(int dfd)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		close(dfd);
		return XOEV_EIO;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno != ENOENT)
				rc = XOEV_EIO;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(d), e->d_name,
			                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0 || rmtree_fd(sub) != 0)
				rc = XOEV_EIO;
			if (unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR) != 0)
				rc = XOEV_EIO;
		} else if (unlinkat(dirfd(d), e->d_name, 0) != 0 && errno != ENOENT) {
			rc = XOEV_EIO;
		}
	}
	closedir(d);
	return rc;
}

int xoev_io__rmtree(const char *path)
{
	struct stat st;
	int dfd, rc;

	if (!path || !*path)
		return XOEV_EIO;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : XOEV_EIO;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) == 0 ? 0 : XOEV_EIO;
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return XOEV_EIO;
	rc = rmtree_fd(dfd);
	if (rmdir(path) != 0)
		rc = XOEV_EIO;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Paths                                                               */
/* ------------------------------------------------------------------ */

char *xoev_io__realpath(const char *path)
{
	if (!path || !*path)
		return NULL;
	return realpath(path, NULL);
}

/* 1 if path has a "." or ".." component (never true of a canonical path). */
static int has_dot_component(const char *path)
{
	const char *p = path;

	while (*p) {
		const char *start;
		size_t n;

		while (*p == '/')
			p++;
		start = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - start);
		if ((n == 1 && start[0] == '.') || (n == 2 && start[0] == '.' && start[1] == '.'))
			return 1;
	}
	return 0;
}

int xoev_io__path_under(const char *root, const char *path)
{
	size_t rn;

	if (!root || !path || !*root || !*path)
		return 0;
	if (has_dot_component(root) || has_dot_component(path))
		return 0;
	rn = strlen(root);
	while (rn > 1 && root[rn - 1] == '/')
		rn--;
	if (rn == 1 && root[0] == '/')
		return path[0] == '/';
	if (strncmp(root, path, rn) != 0)
		return 0;
	if (path[rn] == '\0')
		return 1;
	if (path[rn] != '/')
		return 0;
	return 1;
}

int xoev_io__is_dir(const char *path)
{
	struct stat st;

	return path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static int list_rec(const char *dir, const char *suffix, xoev_strv *out, int depth)
{
	DIR *d;
	struct dirent *e = NULL;
	int rc = 0;

	if (depth > 256)
		return XOEV_EIO; /* a loop of bind mounts or an absurd tree */
	d = opendir(dir);
	if (!d)
		return XOEV_EIO;
	while (rc == 0 && (errno = 0, e = readdir(d)) != NULL) {
		struct stat lst, st;
		char *full;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		full = xoev_io__join(dir, e->d_name);
		if (!full) {
			rc = XOEV_ENOMEM;
			break;
		}
		if (lstat(full, &lst) != 0) {
			free(full);
			continue; /* vanished meanwhile */
		}
		if (S_ISDIR(lst.st_mode)) {
			rc = list_rec(full, suffix, out, depth + 1);
			free(full);
			continue;
		}
		if (S_ISLNK(lst.st_mode)) {
			/* Links to files count; links to directories are not followed. */
			if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
				free(full);
				continue;
			}
		} else if (!S_ISREG(lst.st_mode)) {
			free(full);
			continue;
		}
		if (suffix && !ends_with(e->d_name, suffix)) {
			free(full);
			continue;
		}
		rc = xoev_strv__push_owned(out, full);
	}
	if (rc == 0 && errno != 0 && e == NULL)
		rc = XOEV_EIO;
	closedir(d);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int xoev_io__list_files(const char *dir, const char *suffix, xoev_strv *out)
{
	size_t start;
	int rc;

	if (!dir || !out)
		return XOEV_EIO;
	start = out->count;
	rc = list_rec(dir, suffix, out, 0);
	if (rc != 0) {
		while (out->count > start)
			free(out->items[--out->count]);
		return rc;
	}
	if (out->count - start > 1)
		qsort(out->items + start, out->count - start, sizeof *out->items, cmp_str);
	return 0;
}

char *xoev_io__join(const char *dir, const char *rel)
{
	size_t dn;

	if (!rel)
		return NULL;
	if (rel[0] == '/' || !dir || !*dir)
		return xoev_util__strdup(rel);
	if (!*rel)
		return xoev_util__strdup(dir);
	dn = strlen(dir);
	if (dir[dn - 1] == '/')
		return xoev_util__printf("%s%s", dir, rel);
	return xoev_util__printf("%s/%s", dir, rel);
}

char *xoev_io__dirname(const char *path)
{
	size_t n;
	char *r;

	if (!path || !*path)
		return xoev_util__strdup(".");
	n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	while (n > 0 && path[n - 1] != '/')
		n--;
	if (n == 0)
		return xoev_util__strdup(".");
	while (n > 1 && path[n - 1] == '/')
		n--;
	r = malloc(n + 1);
	if (!r)
		return NULL;
	memcpy(r, path, n);
	r[n] = '\0';
	return r;
}
