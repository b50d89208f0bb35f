/* test-journal.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Never lose a session: the real workbench binary plays a scenario, is killed with
 * SIGKILL, and the journal it left behind restores the session exactly in a new window.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <hassbench.h>
#include <signal.h>

#include "hb-application.h"
#include "hb-json-item.h"
#include "hb-session-journal.h"
#include "hb-window.h"

#define EXAMPLE_STEPS 13

static gboolean
fail_timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* The orphan-to-be holds every step once the child has replayed the scenario. */
static GFile *
complete_journal (void)
{
  g_autoptr(GFile) dir = hb_session_journal_get_dir ();
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GFile) file = g_file_get_child (dir, g_file_info_get_name (info));
      g_autoptr(HbScenario) scenario = hb_scenario_new_from_file (g_file_peek_path (file), NULL);

      if (scenario != NULL && hb_scenario_get_n_steps (scenario) == EXAMPLE_STEPS)
        return g_steal_pointer (&file);
    }
  return NULL;
}

static gboolean
poll_cb (gpointer user_data)
{
  gboolean *found = user_data;
  g_autoptr(GFile) file = complete_journal ();

  *found = file != NULL;
  return *found ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static gboolean
exited (GSubprocess *child)
{
  return g_subprocess_get_identifier (child) == NULL;
}

static gboolean
is_idle_and_loaded (HbSession *session)
{
  return hb_session_get_loaded (session) && !hb_session_get_busy (session) &&
         g_list_model_get_n_items (hb_session_get_steps (session)) == EXAMPLE_STEPS;
}

static void
test_sigkill_then_restore (void)
{
  g_autofree char *example = g_test_build_filename (G_TEST_DIST, "..", "examples",
                                                    "motion-lights.hbscenario.json", NULL);
  const char *gui = g_getenv ("HB_GUI_PATH");
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HbApplication) app = NULL;
  g_autoptr(HbScenario) scenario = NULL;
  HbWindow *window;
  HbSession *session;
  gboolean found = FALSE;
  guint guard;

  g_assert_nonnull (gui);

  /* The workbench, for real, replaying the example; its journal follows every step. */
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, gui, example, NULL);
  g_assert_no_error (error);

  guard = g_timeout_add_seconds (60, fail_timeout_cb, (gpointer) "the journal to hold every step");
  g_timeout_add (50, poll_cb, &found);
  while (!found)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  /* Killed without a chance to clean up. */
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (exited (child));
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  orphans = hb_session_journal_find_orphans ();
  g_assert_cmpuint (orphans->len, ==, 1);
  scenario = hb_scenario_new_from_file (g_file_peek_path (g_ptr_array_index (orphans, 0)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hb_scenario_get_app_id (scenario), ==, "motion-lights");
  g_assert_cmpuint (hb_scenario_get_n_steps (scenario), ==, EXAMPLE_STEPS);

  /* Restored in a new window: the same steps, the same house. */
  app = hb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = hb_window_new (app);
  session = hb_window_get_session (window);
  gtk_window_present (GTK_WINDOW (window));
  hb_window_open_file (window, g_ptr_array_index (orphans, 0));

  guard = g_timeout_add_seconds (60, fail_timeout_cb, (gpointer) "the session to be restored");
  while (!is_idle_and_loaded (session))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  g_assert_cmpstr (hb_session_get_last_error (session), ==, NULL);
  g_assert_cmpstr (hb_session_get_clock_now (session), ==, "2024-06-01T07:05:00+00:00");
  for (guint i = 0; i < EXAMPLE_STEPS; i++)
    {
      g_autoptr(HbJsonItem) row = g_list_model_get_item (hb_session_get_steps (session), i);

      g_assert_cmpstr (json_object_get_string_member (hb_json_item_get_data (row), "status"), ==, "ok");
    }
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_calls (session)), ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
  g_file_delete (g_ptr_array_index (orphans, 0), NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  if (g_getenv ("DISPLAY") == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_print ("1..0 # SKIP needs a display and a session bus (xvfb-run, dbus-run-session)\n");
      return 0;
    }

  /* A state dir of its own, for this process and the workbench it starts: the journals
   * this test makes and finds are its own. */
  {
    g_autofree char *state = g_dir_make_tmp ("hb-journal-XXXXXX", NULL);

    g_assert_nonnull (state);
    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hassbench/journal/sigkill-then-restore", test_sigkill_then_restore);
  ret = g_test_run ();

  /* The journal directory is empty again: remove what this test made. */
  for (const char *dir = g_getenv ("XDG_STATE_HOME"); dir != NULL; dir = NULL)
    {
      g_autofree char *journal = g_build_filename (dir, "hassbench", "journal", NULL);
      g_autofree char *parent = g_build_filename (dir, "hassbench", NULL);

      g_rmdir (journal);
      g_rmdir (parent);
      g_rmdir (dir);
    }
  return ret;
}
