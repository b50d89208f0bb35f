/* test-crash-guard.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The host's crash line on its own: in a child process, install the guard, name a task
 * and die of a signal; the line on standard error must be exact and valid JSON.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "hb-crash-guard.h"

static void
die_in_task (const char *task,
             int         sig)
{
  hb_crash_guard_install ();
  hb_crash_guard_set_task ("an earlier task");
  hb_crash_guard_set_task (task);
  raise (sig);
}

static void
test_segv_names_task (void)
{
  if (g_test_subprocess ())
    {
      die_in_task ("handler:motion_sensor", SIGSEGV);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*{\"event\": \"crash\", \"signal\": 11, "
                             "\"task\": \"handler:motion_sensor\"}\n*");
}

static void
test_abort_without_task (void)
{
  if (g_test_subprocess ())
    {
      hb_crash_guard_install ();
      hb_crash_guard_set_task ("job:x");
      hb_crash_guard_set_task (NULL);
      abort ();
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*{\"event\": \"crash\", \"signal\": 6, \"task\": null}\n*");
}

static void
test_name_is_escaped (void)
{
  if (g_test_subprocess ())
    {
      die_in_task ("handler:say \"hi\" \\ bye\n", SIGFPE);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  /* Quotes and backslashes escaped, the newline as \u000a: one valid JSON line. */
  g_test_trap_assert_stderr ("*{\"event\": \"crash\", \"signal\": 8, "
                             "\"task\": \"handler:say \\\"hi\\\" \\\\ bye\\u000a\"}\n*");
}

static void
test_long_name_is_cut (void)
{
  g_autoptr(GString) name = g_string_new ("handler:");
  g_autoptr(GString) whole = g_string_new ("*");

  for (guint i = 0; i < 400; i++)
    g_string_append (name, "é");

  if (g_test_subprocess ())
    {
      die_in_task (name->str, SIGBUS);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  /* Cut, and at a character boundary: the last character before the quote is whole. */
  g_test_trap_assert_stderr ("*{\"event\": \"crash\", \"signal\": 7, "
                             "\"task\": \"handler:éé*é\"}\n*");
  g_string_append (whole, name->str);
  g_string_append_c (whole, '*');
  g_test_trap_assert_stderr_unmatched (whole->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/host/crash-guard/segv-names-task", test_segv_names_task);
  g_test_add_func ("/hassbench/host/crash-guard/abort-without-task", test_abort_without_task);
  g_test_add_func ("/hassbench/host/crash-guard/name-is-escaped", test_name_is_escaped);
  g_test_add_func ("/hassbench/host/crash-guard/long-name-is-cut", test_long_name_is_cut);

  return g_test_run ();
}
