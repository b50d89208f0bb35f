/* fuzz-main.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdint.h>

#include <glib.h>

/*
 * Without libFuzzer (gcc builds): runs every file given, or every file of the directories
 * given, through the fuzz target once. The suite runs the kept corpus this way, so what
 * the fuzzer once found stays fixed.
 */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static guint
run_path (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;
  guint n = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      for (guint i = 0; i < names->len; i++)
        n += run_path (g_ptr_array_index (names, i));
      return n;
    }

  if (!g_file_get_contents (path, &contents, &length, NULL))
    g_error ("cannot read %s", path);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);

  return 1;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  g_print ("1..1\n");
  for (int i = 1; i < argc; i++)
    n += run_path (argv[i]);
  g_print ("ok 1 - %u inputs\n", n);

  return n > 0 ? 0 : 1;
}
