/*
 * libxoev tests - io: files, standard input, gzip, atomic writes, directories, paths.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tests.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "internal.h"

/* gzip-compress buf into a new buffer (one member). */
static unsigned char *gz(const void *buf, size_t len, size_t *outlen)
{
	z_stream zs;
	size_t cap = compressBound((uLong)len) + 64;
	unsigned char *out = malloc(cap);

	ck_assert_ptr_nonnull(out);
	memset(&zs, 0, sizeof zs);
	ck_assert_int_eq(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
	                 Z_OK);
	zs.next_in = (unsigned char *)buf;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*outlen = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static char *path_in(const char *dir, const char *name)
{
	char *p = xoev_io__join(dir, name);
	ck_assert_ptr_nonnull(p);
	return p;
}

START_TEST(test_read_plain)
{
	char *dir = xoev_test_tmpdir(), *p = path_in(dir, "a.xml"), *out = NULL;
	char err[128];
	size_t len = 99;

	xoev_test_write_file(p, "<a/>", 4);
	ck_assert_int_eq(xoev_io__read_file(p, 0, &out, &len, err, sizeof err), 0);
	ck_assert_uint_eq(len, 4);
	ck_assert_str_eq(out, "<a/>");
	free(out);

	/* exactly at the limit is fine, one byte less is not */
	ck_assert_int_eq(xoev_io__read_file(p, 4, &out, &len, err, sizeof err), 0);
	free(out);
	ck_assert_int_eq(xoev_io__read_file(p, 3, &out, &len, err, sizeof err), XOEV_ELIMIT);
	ck_assert_ptr_null(out);

	/* empty file */
	xoev_test_write_file(p, "", 0);
	ck_assert_int_eq(xoev_io__read_file(p, 0, &out, &len, err, sizeof err), 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(out, "");
	free(out);

	/* missing file and directory */
	ck_assert_int_eq(xoev_io__read_file("/nonexistent/x.xml", 0, &out, &len, err, sizeof err),
	                 XOEV_EIO);
	ck_assert_msg(strstr(err, "cannot open") != NULL, "err: %s", err);
	ck_assert_int_eq(xoev_io__read_file(dir, 0, &out, &len, err, sizeof err), XOEV_EIO);
	ck_assert_int_eq(xoev_io__rmtree(dir), 0);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_read_stdin)
{
	char *dir = xoev_test_tmpdir(), *p = path_in(dir, "in.gz"), *out = NULL;
	const char *text = "<from-stdin/>";
	unsigned char *z;
	size_t zl, len;
	int saved = dup(STDIN_FILENO);
	FILE *f;

	z = gz(text, strlen(text), &zl);
	xoev_test_write_file(p, z, zl);
	f = freopen(p, "rb", stdin);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(xoev_io__read_file("-", 0, &out, &len, NULL, 0), 0);
	ck_assert_str_eq(out, text);
	free(out);
	ck_assert_int_ge(dup2(saved, STDIN_FILENO), 0);
	close(saved);
	free(z);
	xoev_io__rmtree(dir);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_gzip_round_trip)
{
	char *dir = xoev_test_tmpdir(), *p = path_in(dir, "a.xml.gz"), *out = NULL;
	size_t n = 300000, zl, len, i;
	char *text = malloc(n + 1);
	unsigned char *z;
	char err[128];

	ck_assert_ptr_nonnull(text);
	for (i = 0; i < n; i++)
		text[i] = (char)('a' + (i * 7 + i / 13) % 26);
	text[n] = '\0';
	z = gz(text, n, &zl);
	ck_assert(zl < n);
	xoev_test_write_file(p, z, zl);
	ck_assert_int_eq(xoev_io__read_file(p, 0, &out, &len, err, sizeof err), 0);
	ck_assert_uint_eq(len, n);
	ck_assert(memcmp(out, text, n) == 0);
	ck_assert_int_eq(out[n], '\0');
	free(out);

	/* the same from memory */
	ck_assert_int_eq(xoev_io__maybe_gunzip(z, zl, 0, &out, &len, err, sizeof err), 0);
	ck_assert_uint_eq(len, n);
	ck_assert(memcmp(out, text, n) == 0);
	free(out);

	/* not gzip: copied */
	ck_assert_int_eq(xoev_io__maybe_gunzip("<x/>", 4, 0, &out, &len, err, sizeof err), 0);
	ck_assert_str_eq(out, "<x/>");
	free(out);
	ck_assert_int_eq(xoev_io__maybe_gunzip("<x/>", 4, 3, &out, &len, err, sizeof err),
	                 XOEV_ELIMIT);

	free(z);
	free(text);
	xoev_io__rmtree(dir);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_gzip_concatenated)
{
	unsigned char *z1, *z2, *both;
	size_t l1, l2, len;
	char *out = NULL;
	char err[128];

	z1 = gz("<a>", 3, &l1);
	z2 = gz("</a>", 4, &l2);
	both = malloc(l1 + l2);
	ck_assert_ptr_nonnull(both);
	memcpy(both, z1, l1);
	memcpy(both + l1, z2, l2);
	ck_assert_int_eq(xoev_io__maybe_gunzip(both, l1 + l2, 0, &out, &len, err, sizeof err), 0);
	ck_assert_str_eq(out, "<a></a>");
	free(out);

	/* trailing garbage after a member */
	both[l1] = 'x';
	ck_assert_int_eq(xoev_io__maybe_gunzip(both, l1 + l2, 0, &out, &len, err, sizeof err),
	                 XOEV_EIO);
	ck_assert_msg(strstr(err, "corrupt gzip") != NULL, "err: %s", err);
	free(z1);
	free(z2);
	free(both);
}
END_TEST

START_TEST(test_gzip_truncated_and_corrupt)
{
	char *dir = xoev_test_tmpdir(), *p = path_in(dir, "t.gz"), *out = NULL;
	const char *text = "<a>some text that compresses somewhat somewhat somewhat</a>";
	unsigned char *z;
	size_t zl, len, cut;
	char err[128];

	z = gz(text, strlen(text), &zl);
	/* every truncation point (but the full length) is an error, never a crash */
	for (cut = 2; cut < zl; cut++) {
		err[0] = '\0';
		ck_assert_int_eq(xoev_io__maybe_gunzip(z, cut, 0, &out, &len, err, sizeof err),
		                 XOEV_EIO);
		ck_assert_ptr_null(out);
		ck_assert_msg(strstr(err, "gzip") != NULL, "cut %zu: %s", cut, err);
	}
	xoev_test_write_file(p, z, zl - 4);
	ck_assert_int_eq(xoev_io__read_file(p, 0, &out, &len, err, sizeof err), XOEV_EIO);
	ck_assert_str_eq(err, "truncated gzip data");

	/* corrupt: bad CRC in the trailer */
	z[zl - 8] ^= 0xff;
	xoev_test_write_file(p, z, zl);
	ck_assert_int_eq(xoev_io__read_file(p, 0, &out, &len, err, sizeof err), XOEV_EIO);
	ck_assert_msg(strstr(err, "corrupt gzip data") != NULL, "err: %s", err);
	free(z);
	xoev_io__rmtree(dir);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_gzip_bomb)
{
	char *dir = xoev_test_tmpdir(), *p = path_in(dir, "bomb.gz"), *out = NULL;
	size_t n = 64u * 1024 * 1024, zl, len;
	char *zeros = calloc(1, n);
	unsigned char *z;
	char err[128];

	ck_assert_ptr_nonnull(zeros);
	z = gz(zeros, n, &zl);
	free(zeros);
	ck_assert(zl < n / 500);
	xoev_test_write_file(p, z, zl);
	ck_assert_int_eq(xoev_io__read_file(p, 1024 * 1024, &out, &len, err, sizeof err),
	                 XOEV_ELIMIT);
	ck_assert_ptr_null(out);
	ck_assert_msg(strstr(err, "decompressed") != NULL, "err: %s", err);
	ck_assert_int_eq(xoev_io__maybe_gunzip(z, zl, 1024 * 1024, &out, &len, err, sizeof err),
	                 XOEV_ELIMIT);
	/* with room enough it decompresses */
	ck_assert_int_eq(xoev_io__read_file(p, n, &out, &len, err, sizeof err), 0);
	ck_assert_uint_eq(len, n);
	free(out);
	free(z);
	xoev_io__rmtree(dir);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_write_atomic)
{
	char *dir = xoev_test_tmpdir(), *p = path_in(dir, "out.xml"), *sub;
	char *back;
	size_t len;
	struct stat st;

	ck_assert_int_eq(xoev_io__write_atomic(p, "one", 3), 0);
	back = xoev_test_read_file(p, &len);
	ck_assert_str_eq(back, "one");
	free(back);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_ne(st.st_mode & 0044, 0); /* not left at mkstemp's 0600 (umask 022 in tests) */
	ck_assert_int_eq(chmod(p, 0640), 0);
	ck_assert_int_eq(xoev_io__write_atomic(p, "second", 6), 0);
	back = xoev_test_read_file(p, &len);
	ck_assert_str_eq(back, "second");
	free(back);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0640); /* the mode of the replaced file is kept */
	ck_assert_uint_eq(count_entries(dir), 1);

	/* failure at rename: the target is a non-empty directory; nothing is left behind */
	sub = path_in(dir, "sub");
	ck_assert_int_eq(xoev_io__mkdir_p(sub), 0);
	{
		char *inner = path_in(sub, "keep");
		xoev_test_write_file(inner, "k", 1);
		free(inner);
	}
	ck_assert_int_eq(xoev_io__write_atomic(sub, "x", 1), XOEV_EIO);
	ck_assert_uint_eq(count_entries(dir), 2);
	ck_assert_uint_eq(count_entries(sub), 1);

	/* failure at creation: missing directory */
	{
		char *missing = path_in(dir, "nodir/out.xml");
		ck_assert_int_eq(xoev_io__write_atomic(missing, "x", 1), XOEV_EIO);
		free(missing);
	}
	ck_assert_uint_eq(count_entries(dir), 2);

	/* failure at write: /dev/full-like: a read-only directory cannot hold the temp file */
	if (geteuid() != 0) {
		ck_assert_int_eq(chmod(sub, 0555), 0);
		{
			char *ro = path_in(sub, "x.xml");
			ck_assert_int_eq(xoev_io__write_atomic(ro, "x", 1), XOEV_EIO);
			free(ro);
		}
		ck_assert_int_eq(chmod(sub, 0755), 0);
		ck_assert_uint_eq(count_entries(sub), 1);
	}
	ck_assert_int_eq(xoev_io__rmtree(dir), 0);
	free(sub);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_copy_file)
{
	char *dir = xoev_test_tmpdir(), *a = path_in(dir, "a"), *b = path_in(dir, "b");
	unsigned char data[200000];
	size_t i, len;
	char *back;

	for (i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 31);
	xoev_test_write_file(a, data, sizeof data);
	ck_assert_int_eq(xoev_io__copy_file(a, b), 0);
	back = xoev_test_read_file(b, &len);
	ck_assert_uint_eq(len, sizeof data);
	ck_assert(memcmp(back, data, len) == 0);
	free(back);
	ck_assert_int_eq(xoev_io__copy_file("/nonexistent", b), XOEV_EIO);
	ck_assert_int_eq(xoev_io__copy_file(dir, b), XOEV_EIO);
	ck_assert_uint_eq(count_entries(dir), 2);
	ck_assert_int_eq(xoev_io__rmtree(dir), 0);
	free(a);
	free(b);
	free(dir);
}
END_TEST

START_TEST(test_mkdir_rmtree)
{
	char *dir = xoev_test_tmpdir(), *deep = path_in(dir, "a/b//c/"), *outside, *f, *link;
	char *file;

	ck_assert_int_eq(xoev_io__mkdir_p(deep), 0);
	ck_assert(xoev_io__is_dir(deep));
	ck_assert_int_eq(xoev_io__mkdir_p(deep), 0); /* exists: fine */
	file = path_in(dir, "a/b/file");
	xoev_test_write_file(file, "x", 1);
	ck_assert(!xoev_io__is_dir(file));
	ck_assert(!xoev_io__is_dir("/nonexistent"));
	{
		char *under_file = path_in(file, "d");
		ck_assert_int_eq(xoev_io__mkdir_p(under_file), XOEV_EIO);
		free(under_file);
	}

	/* a symbolic link to a directory outside: the link goes, the target stays */
	outside = xoev_test_tmpdir();
	f = path_in(outside, "precious");
	xoev_test_write_file(f, "p", 1);
	link = path_in(dir, "a/link");
	ck_assert_int_eq(symlink(outside, link), 0);
	{
		char *a = path_in(dir, "a");
		ck_assert_int_eq(xoev_io__rmtree(a), 0);
		ck_assert(!xoev_io__is_dir(a));
		free(a);
	}
	ck_assert_int_eq(access(f, F_OK), 0);
	ck_assert_int_eq(xoev_io__rmtree(dir), 0);
	ck_assert_int_eq(access(dir, F_OK), -1);
	ck_assert_int_eq(xoev_io__rmtree(dir), 0); /* already gone */
	ck_assert_int_eq(xoev_io__rmtree(outside), 0);
	free(file);
	free(link);
	free(f);
	free(outside);
	free(deep);
	free(dir);
}
END_TEST

START_TEST(test_path_under)
{
	ck_assert(xoev_io__path_under("/a/b", "/a/b"));
	ck_assert(xoev_io__path_under("/a/b", "/a/b/c"));
	ck_assert(xoev_io__path_under("/a/b/", "/a/b/c/d.xsd"));
	ck_assert(xoev_io__path_under("/a", "/a/b"));
	ck_assert(!xoev_io__path_under("/a", "/ab"));
	ck_assert(!xoev_io__path_under("/a/b", "/a/bc/d"));
	ck_assert(!xoev_io__path_under("/a/b", "/a"));
	ck_assert(!xoev_io__path_under("/a/b", "/a/b/../c"));
	ck_assert(!xoev_io__path_under("/a/b", "/a/b/./../../etc/passwd"));
	ck_assert(!xoev_io__path_under("/a/b", "relative"));
	ck_assert(xoev_io__path_under("/", "/etc/passwd"));
	ck_assert(!xoev_io__path_under("", "/a"));
	ck_assert(!xoev_io__path_under("/a", ""));
	ck_assert(!xoev_io__path_under(NULL, "/a"));
	ck_assert(!xoev_io__path_under("/a", NULL));
}
END_TEST

START_TEST(test_realpath)
{
	char *dir = xoev_test_tmpdir(), *sub = path_in(dir, "s"), *rel, *canon, *cdir;

	ck_assert_int_eq(xoev_io__mkdir_p(sub), 0);
	rel = path_in(dir, "s/../s/.");
	canon = xoev_io__realpath(rel);
	cdir = xoev_io__realpath(dir);
	ck_assert_ptr_nonnull(canon);
	ck_assert_ptr_nonnull(cdir);
	ck_assert(xoev_io__path_under(cdir, canon));
	ck_assert_str_eq(canon + strlen(cdir), "/s");
	ck_assert_ptr_null(xoev_io__realpath("/nonexistent/path"));
	ck_assert_ptr_null(xoev_io__realpath(""));
	xoev_io__rmtree(dir);
	free(canon);
	free(cdir);
	free(rel);
	free(sub);
	free(dir);
}
END_TEST

START_TEST(test_list_files)
{
	char *dir = xoev_test_tmpdir(), *outside = xoev_test_tmpdir();
	const char *files[] = { "b.xml", "a/x.xml", "a-b/y.xml", "a/c/z.xsd", "a.txt", "c.xml" };
	xoev_strv v = { 0 };
	size_t i;

	for (i = 0; i < sizeof files / sizeof *files; i++) {
		char *p = path_in(dir, files[i]), *d = xoev_io__dirname(p);
		ck_assert_int_eq(xoev_io__mkdir_p(d), 0);
		xoev_test_write_file(p, "x", 1);
		free(p);
		free(d);
	}
	{
		char *o = path_in(outside, "o.xml"), *l = path_in(dir, "zlink");
		char *lf = path_in(dir, "filelink.xml"), *target = path_in(dir, "c.xml");
		xoev_test_write_file(o, "x", 1);
		ck_assert_int_eq(symlink(outside, l), 0);  /* not followed */
		ck_assert_int_eq(symlink(target, lf), 0);  /* a link to a file is a file */
		free(o);
		free(l);
		free(lf);
		free(target);
	}
	ck_assert_int_eq(xoev_io__list_files(dir, NULL, &v), 0);
	ck_assert_uint_eq(v.count, 7);
	for (i = 1; i < v.count; i++)
		ck_assert_msg(strcmp(v.items[i - 1], v.items[i]) < 0, "%s !< %s", v.items[i - 1],
		              v.items[i]);
	for (i = 0; i < v.count; i++) {
		ck_assert(strncmp(v.items[i], dir, strlen(dir)) == 0);
		ck_assert(strstr(v.items[i], "o.xml") == NULL);
	}
	ck_assert(strcmp(v.items[0] + strlen(dir), "/a-b/y.xml") == 0);
	xoev_strv__free(&v);

	ck_assert_int_eq(xoev_io__list_files(dir, ".xml", &v), 0);
	ck_assert_uint_eq(v.count, 5);
	ck_assert_str_eq(v.items[1] + strlen(dir), "/a/x.xml");
	xoev_strv__free(&v);

	ck_assert_int_eq(xoev_io__list_files("/nonexistent", NULL, &v), XOEV_EIO);
	ck_assert_uint_eq(v.count, 0);
	xoev_strv__free(&v);
	xoev_io__rmtree(dir);
	xoev_io__rmtree(outside);
	free(dir);
	free(outside);
}
END_TEST

static void check_dirname(const char *in, const char *want)
{
	char *d = xoev_io__dirname(in);
	ck_assert_ptr_nonnull(d);
	ck_assert_msg(strcmp(d, want) == 0, "dirname(%s) = %s, want %s", in, d, want);
	free(d);
}

static void check_join(const char *a, const char *b, const char *want)
{
	char *j = xoev_io__join(a, b);
	ck_assert_ptr_nonnull(j);
	ck_assert_msg(strcmp(j, want) == 0, "join(%s, %s) = %s, want %s", a, b, j, want);
	free(j);
}

START_TEST(test_join_dirname)
{
	check_dirname("/a/b/c.xsd", "/a/b");
	check_dirname("/a/b/", "/a");
	check_dirname("a/b", "a");
	check_dirname("a", ".");
	check_dirname("", ".");
	check_dirname("/a", "/");
	check_dirname("/", "/");
	check_dirname("//a//b", "//a");
	check_join("/a", "b.xsd", "/a/b.xsd");
	check_join("/a/", "b.xsd", "/a/b.xsd");
	check_join("/a", "/etc/x", "/etc/x");
	check_join("", "b", "b");
	check_join("a", "", "a");
	ck_assert_ptr_null(xoev_io__join("a", NULL));
}
END_TEST

Suite *xoev_suite_io(void)
{
	Suite *s = suite_create("io");
	TCase *tc = tcase_create("io");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_read_plain);
	tcase_add_test(tc, test_read_stdin);
	tcase_add_test(tc, test_gzip_round_trip);
	tcase_add_test(tc, test_gzip_concatenated);
	tcase_add_test(tc, test_gzip_truncated_and_corrupt);
	tcase_add_test(tc, test_gzip_bomb);
	tcase_add_test(tc, test_write_atomic);
	tcase_add_test(tc, test_copy_file);
	tcase_add_test(tc, test_mkdir_rmtree);
	tcase_add_test(tc, test_path_under);
	tcase_add_test(tc, test_realpath);
	tcase_add_test(tc, test_list_files);
	tcase_add_test(tc, test_join_dirname);
	suite_add_tcase(s, tc);
	return s;
}
