/* test-journal.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Never lose a session: the real workbench binary plays a scenario, is driven over D-Bus
 * to a session with a disabled step, steps ahead of its cursor and an alternative branch,
 * is killed with SIGKILL, and the journal it left behind restores all of that exactly in
 * a new window. The journal's workbench-state sidecar is refused, with a message naming
 * it, when it is missing, damaged or does not match its scenario.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <hassbench.h>
#include <signal.h>
#include <sys/prctl.h>

#include "hb-application.h"
#include "hb-json-item.h"
#include "hb-remote-workbench.h"
#include "hb-session-journal.h"
#include "hb-window.h"
#include "hb-window-private.h"

#define EXAMPLE_STEPS 13

/* Registered once, after the workbench under test has come and gone: two applications in
 * one process cannot export the same object path. */
static HbApplication *app;

static HbApplication *
test_app (void)
{
  if (app == NULL)
    {
      app = hb_application_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
    }
  return app;
}

static gboolean
fail_timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static char *
example_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "examples", "motion-lights.hbscenario.json",
                                NULL);
}

/* The journal of the workbench process @pid (NULL while there is none). */
static GFile *
find_journal (const char *pid)
{
  g_autofree char *infix = g_strdup_printf ("-%s-", pid);
  g_autoptr(GFile) dir = hb_session_journal_get_dir ();
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir,
                                                                   G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NONE,
                                                                   NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      const char *name = g_file_info_get_name (info);

      if (g_str_has_suffix (name, ".hbscenario.json") && strstr (name, infix) != NULL)
        return g_file_get_child (dir, name);
    }
  return NULL;
}

/* What a sidecar says of the session, as "rows/cursor/alternative@at/disabled rows". */
static char *
describe (JsonObject *state)
{
  JsonArray *rows = json_object_get_array_member (state, "steps");
  JsonNode *node = json_object_get_member (state, "alternative");
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%u/%" G_GINT64_FORMAT "/", json_array_get_length (rows),
                          json_object_get_int_member (state, "cursor"));
  if (JSON_NODE_HOLDS_OBJECT (node))
    g_string_append_printf (text, "%u@%" G_GINT64_FORMAT,
                            json_array_get_length (json_object_get_array_member (
                              json_node_get_object (node), "steps")),
                            json_object_get_int_member (json_node_get_object (node), "at"));
  else
    g_string_append (text, "-");
  g_string_append (text, "/");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (!json_object_get_boolean_member (json_array_get_object_element (rows, i), "enabled"))
      g_string_append_printf (text, "%u,", i);
  return g_string_free (text, FALSE);
}

/* Waits until the child's journal (scenario and sidecar, read and checked together) says
 * @expected. */
static void
wait_for_journal (const char *pid,
                  const char *expected)
{
  guint guard = g_timeout_add_seconds (60, fail_timeout_cb, (gpointer) expected);

  for (;;)
    {
      g_autoptr(GFile) journal = find_journal (pid);
      g_autoptr(JsonObject) state = journal ? hb_session_journal_read_workbench (journal, NULL)
                                            : NULL;
      g_autofree char *now = state ? describe (state) : NULL;

      if (g_strcmp0 (now, expected) == 0)
        break;
      hb_remote_poll_interval ();
    }
  g_source_remove (guard);
}

/* The unique bus name of process @pid once it exports the app's actions. */
static void
window_action (GDBusConnection *bus,
               const char      *name,
               const char      *action,
               GVariant        *target)
{
  GVariantBuilder targets;

  g_variant_builder_init (&targets, G_VARIANT_TYPE ("av"));
  if (target != NULL)
    g_variant_builder_add (&targets, "v", target);
  hb_remote_activate (bus, name, "window-action", g_variant_new ("(sav)", action, &targets));
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
exited (GSubprocess *child)
{
  return g_subprocess_get_identifier (child) == NULL;
}

static JsonObject *
row_data (HbSession *session,
          guint      i)
{
  g_autoptr(HbJsonItem) row = g_list_model_get_item (hb_session_get_steps (session), i);

  return hb_json_item_get_data (row);
}

/* Every row a pane of the killed workbench showed is in @model, and no other. */
static void
assert_same_rows (GListModel *model,
                  JsonObject *dump,
                  const char *pane)
{
  JsonArray *rows = json_object_get_array_member (json_object_get_object_member (dump, "panes"),
                                                  pane);

  g_test_message ("%s: %u rows", pane, json_array_get_length (rows));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, json_array_get_length (rows));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (model) && !found; j++)
        {
          g_autoptr(HbJsonItem) item = g_list_model_get_item (model, j);

          found = hb_json_object_equal (hb_json_item_get_data (item),
                                        json_array_get_object_element (rows, i));
        }
      if (!found)
        {
          g_autofree char *text = hb_json_to_string (json_array_get_element (rows, i));

          g_error ("the restored %s pane lacks %s", pane, text);
        }
    }
}

static void
test_sigkill_then_restore (void)
{
  g_autofree char *example = example_path ();
  const char *gui = g_getenv ("HB_GUI_PATH");
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HbScenario) scenario = NULL;
  g_autoptr(JsonObject) kept = NULL;
  g_autoptr(JsonNode) dumped = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autofree char *name = NULL;
  g_autofree char *pid = NULL;
  g_autoptr(GFile) dump_file = NULL;
  g_autofree char *dump_path = NULL;
  g_autofree char *kept_text = NULL;
  JsonObject *dump;
  JsonObject *panes;
  JsonObject *step;
  HbWindow *window;
  HbSession *session;
  guint guard;

  g_assert_nonnull (gui);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  /* The workbench, for real, replaying the example; its journal follows every step. A
   * failing test takes it down too. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  child = g_subprocess_launcher_spawn (launcher, &error, gui, example, NULL);
  g_assert_no_error (error);
  pid = g_strdup (g_subprocess_get_identifier (child));
  name = hb_remote_find_bus_name (bus, pid, "window-action");
  wait_for_journal (pid, "13/13/-/");

  /* Back to step 10: three steps ahead. */
  window_action (bus, name, "win.seek-to", g_variant_new_uint32 (10));
  wait_for_journal (pid, "13/10/-/");
  /* A new step there forks: the three are kept as the alternative, after row 10. */
  hb_remote_activate (bus, name, "apply-step",
                      g_variant_new_string ("{\"kind\": \"step\", \"by\": \"1m\"}"));
  wait_for_journal (pid, "11/11/3@10/");
  /* Back to step 6 (five rows ahead), and that step disabled (a re-run up to the cursor). */
  window_action (bus, name, "win.seek-to", g_variant_new_uint32 (6));
  wait_for_journal (pid, "11/6/3@10/");
  window_action (bus, name, "win.toggle-step", NULL);
  wait_for_journal (pid, "11/6/3@10/5,");

  /* What the killed workbench showed, to compare the restored house with. */
  dump_path = g_build_filename (g_getenv ("XDG_STATE_HOME"), "dump.json", NULL);
  dump_file = g_file_new_for_path (dump_path);
  /* Until the panes have caught up with the session (their filters and sorts are
   * incremental): the dump says busy till then. */
  {
    guint settle_guard = g_timeout_add_seconds (60, fail_timeout_cb,
                                                (gpointer) "the panes to settle");

    for (;;)
      {
        hb_remote_activate (bus, name, "dump-panes", g_variant_new_string (dump_path));
        g_clear_pointer (&dumped, json_node_unref);
        dumped = hb_json_from_file (dump_file, &error);
        g_assert_no_error (error);
        dump = json_node_get_object (dumped);
        if (!json_object_get_boolean_member (dump, "busy"))
          break;
        hb_remote_poll_interval ();
      }
    g_source_remove (settle_guard);
  }
  {
    g_autofree char *text = hb_json_to_string (dumped);

    g_test_message ("the killed workbench showed: %s", text);
  }
  g_assert_false (json_object_get_boolean_member (dump, "busy"));
  /* The cursor step is the motion clearing: its job is scheduled. */
  panes = json_object_get_object_member (dump, "panes");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (panes, "jobs")), ==, 1);
  g_unlink (dump_path);

  /* Killed without a chance to clean up. */
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (exited (child));
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* The journal is still a scenario the CLI plays: the enabled steps, ahead ones too. */
  orphans = hb_session_journal_find_orphans ();
  g_assert_cmpuint (orphans->len, ==, 1);
  scenario = hb_scenario_new_from_file (g_file_peek_path (g_ptr_array_index (orphans, 0)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hb_scenario_get_app_id (scenario), ==, "motion-lights");
  g_assert_cmpuint (hb_scenario_get_n_steps (scenario), ==, 10);
  kept = hb_session_journal_read_workbench (g_ptr_array_index (orphans, 0), &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), kept);

    kept_text = hb_json_to_string (node);
  }

  /* Restored in a new window: the same rows, flags, cursor, alternative and house. */
  window = hb_window_new (test_app ());
  session = hb_window_get_session (window);
  gtk_window_present (GTK_WINDOW (window));
  hb_window_open_file (window, g_ptr_array_index (orphans, 0));

  guard = g_timeout_add_seconds (60, fail_timeout_cb, (gpointer) "the session to be restored");
  while (!(hb_session_get_loaded (session) && !hb_session_get_busy (session) &&
           hb_session_get_cursor (session) == 6))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  g_assert_cmpstr (hb_session_get_last_error (session), ==, NULL);
  g_assert_false (gtk_revealer_get_reveal_child (window->error_revealer));
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, 11);
  for (guint i = 0; i < 11; i++)
    {
      JsonObject *row = row_data (session, i);
      g_autofree char *text = hb_json_object_to_string (row);

      g_test_message ("row %u: %s", i, text);
      g_assert_cmpint (json_object_get_boolean_member (row, "applied"), ==, i < 6);
      g_assert_cmpint (json_object_get_boolean_member (row, "enabled"), ==, i != 5);
      if (i == 5)
        g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "disabled");
      else
        /* Ahead rows keep the outcome of their last run. */
        g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (row, "outcome")));
    }
  step = json_object_get_object_member (row_data (session, 10), "step");
  g_assert_cmpstr (json_object_get_string_member (step, "by"), ==, "1m");
  g_assert_cmpuint (hb_session_get_n_alternative (session), ==, 3);
  g_assert_cmpuint (hb_session_get_alternative_at (session), ==, 10);
  {
    g_autoptr(GListModel) alternative = hb_session_dup_alternative (session);
    g_autoptr(HbJsonItem) first = g_list_model_get_item (alternative, 0);

    /* The example's step 11: the trigger count after the last second. */
    step = json_object_get_object_member (hb_json_item_get_data (first), "step");
    g_assert_cmpstr (json_object_get_string_member (step, "kind"), ==, "expect_trigger_count");
  }

  /* The house as after the cursor step, as the killed workbench showed it. */
  g_assert_cmpstr (hb_session_get_clock_now (session), ==,
                   json_object_get_string_member (dump, "clock"));
  {
    GListModel *entities = hb_session_get_entities (session);
    JsonArray *shown = json_object_get_array_member (json_object_get_object_member (dump,
                                                                                    "panes"),
                                                     "entities");
    g_autoptr(HbJsonItem) entity = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 1);
    g_assert_cmpuint (json_array_get_length (shown), ==, 1);
    entity = g_list_model_get_item (entities, 0);
    g_assert_cmpstr (json_object_get_string_member (hb_json_item_get_data (entity), "entity_id"),
                     ==, "binary_sensor.hallway_motion");
    /* Step 5, the motion clearing, is the last applied. */
    g_assert_cmpstr (json_object_get_string_member (hb_json_item_get_data (entity), "state"),
                     ==, "off");
  }
  assert_same_rows (hb_session_get_jobs (session), dump, "jobs");
  assert_same_rows (hb_session_get_calls (session), dump, "calls");
  assert_same_rows (hb_session_get_events (session), dump, "events");
  assert_same_rows (hb_session_get_listeners (session), dump, "listeners");
  assert_same_rows (hb_session_get_tasks (session), dump, "tasks");

  /* Read and restored: the old files are gone, and the restored session journals what
   * was kept. */
  sidecar = hb_session_journal_get_sidecar (g_ptr_array_index (orphans, 0));
  g_assert_false (g_file_query_exists (g_ptr_array_index (orphans, 0), NULL));
  g_assert_false (g_file_query_exists (sidecar, NULL));
  {
    g_autoptr(JsonObject) again = hb_session_journal_dup_workbench (session);
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), again);
    g_autofree char *again_text = hb_json_to_string (node);

    g_assert_cmpstr (again_text, ==, kept_text);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A journal in the journal directory: the example as its scenario, @sidecar_text beside
 * it (none when NULL). */
static GFile *
write_journal (const char *sidecar_text)
{
  g_autofree char *example = example_path ();
  g_autoptr(GFile) dir = hb_session_journal_get_dir ();
  g_autoptr(GFile) source = g_file_new_for_path (example);
  g_autoptr(GError) error = NULL;
  GFile *journal = g_file_get_child (dir, "session-20260101T000000-1-1.hbscenario.json");

  g_file_make_directory_with_parents (dir, NULL, NULL);
  g_file_copy (source, journal, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  if (sidecar_text != NULL)
    {
      g_autoptr(GFile) sidecar = hb_session_journal_get_sidecar (journal);

      g_file_replace_contents (sidecar, sidecar_text, strlen (sidecar_text), NULL, FALSE,
                               G_FILE_CREATE_NONE, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  return journal;
}

/* The example's steps as sidecar rows, all enabled, and @extra rows after them. */
static char *
sidecar_for_example (const char *rows_before,
                     const char *extra,
                     int         cursor)
{
  g_autofree char *example = example_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (example);
  g_autoptr(JsonNode) root = hb_json_from_file (file, &error);
  JsonArray *steps;
  GString *text = g_string_new ("{\"format\": \"hassbench-workbench-journal\", \"version\": 1,\n"
                                " \"steps\": [");

  g_assert_no_error (error);
  steps = json_object_get_array_member (json_node_get_object (root), "steps");
  g_string_append (text, rows_before);
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      g_autofree char *step = hb_json_to_string (json_array_get_element (steps, i));

      g_string_append_printf (text, "%s{\"step\": %s, \"enabled\": true, \"outcome\": null}",
                              i > 0 || *rows_before != '\0' ? ", " : "", step);
    }
  g_string_append_printf (text, "%s],\n \"cursor\": %d, \"alternative\": null}\n", extra, cursor);
  return g_string_free (text, FALSE);
}

static void
assert_refused (const char *sidecar_text,
                GQuark      domain,
                int         code,
                const char *says)
{
  g_autoptr(GFile) journal = write_journal (sidecar_text);
  g_autoptr(GFile) sidecar = hb_session_journal_get_sidecar (journal);
  g_autofree char *sidecar_name = g_file_get_basename (sidecar);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) state = hb_session_journal_read_workbench (journal, &error);

  g_assert_null (state);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, sidecar_name));
  g_assert_nonnull (strstr (error->message, says));
  hb_session_journal_delete (journal);
}

static void
test_sidecar_read (void)
{
  g_autofree char *good = sidecar_for_example ("", "", 13);
  g_autofree char *disabled_first =
    sidecar_for_example ("{\"step\": {\"kind\": \"step\", \"by\": \"1s\"}, \"enabled\": false}", "",
                         14);
  g_autofree char *extra =
    sidecar_for_example ("", ", {\"step\": {\"kind\": \"step\", \"by\": \"1s\"}}", 3);
  g_autofree char *cursor_past = sidecar_for_example ("", "", 14);

  /* Valid and matching; a disabled step is not in the scenario and still matches. */
  {
    g_autoptr(GFile) journal = write_journal (good);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) state = hb_session_journal_read_workbench (journal, &error);

    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (state, "cursor"), ==, 13);
    hb_session_journal_delete (journal);
  }
  {
    g_autoptr(GFile) journal = write_journal (disabled_first);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) state = hb_session_journal_read_workbench (journal, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "steps")), ==,
                      14);
    hb_session_journal_delete (journal);
  }

  /* Missing, damaged (line:column), malformed, not matching. */
  assert_refused (NULL, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "missing");
  assert_refused ("{\"format\": \"hassbench-workbench-journal\",\n"
                  " \"version\": 1,\n \"steps\": [}\n",
                  HB_SESSION_ERROR, HB_SESSION_ERROR_INVALID_FILE, ":3:");
  assert_refused ("[]", HB_SESSION_ERROR, HB_SESSION_ERROR_INVALID_FILE, "JSON object");
  assert_refused ("{\"format\": \"hassbench-scenario\", \"version\": 1}", HB_SESSION_ERROR,
                  HB_SESSION_ERROR_INVALID_FILE, "format");
  assert_refused ("{\"format\": \"hassbench-workbench-journal\", \"version\": 1, \"steps\": [1],"
                  " \"cursor\": 0}", HB_SESSION_ERROR, HB_SESSION_ERROR_INVALID_FILE, "steps[0]");
  assert_refused (cursor_past, HB_SESSION_ERROR, HB_SESSION_ERROR_INVALID_FILE, "cursor");
  assert_refused (extra, HB_SESSION_ERROR, HB_SESSION_ERROR_INVALID_FILE, "step 14 differs");
  {
    g_autofree char *different = g_strdup (good);
    char *at = strstr (different, "\"off\"");

    /* The first step's state changed: same count, other steps. */
    g_assert_nonnull (at);
    memcpy (at, "\"of!\"", 5);
    assert_refused (different, HB_SESSION_ERROR, HB_SESSION_ERROR_INVALID_FILE,
                    "do not match");
  }
}

static gboolean
error_shown (HbWindow *window)
{
  return gtk_revealer_get_reveal_child (window->error_revealer);
}

/* A damaged sidecar: the scenario's steps come back, and the window says what was lost. */
static void
test_damaged_sidecar_falls_back (void)
{
  g_autoptr(GFile) journal = write_journal ("{\"format\": ");
  g_autoptr(GFile) sidecar = hb_session_journal_get_sidecar (journal);
  g_autofree char *sidecar_name = g_file_get_basename (sidecar);
  HbWindow *window;
  HbSession *session;
  const char *shown;
  guint guard;

  window = hb_window_new (test_app ());
  session = hb_window_get_session (window);
  gtk_window_present (GTK_WINDOW (window));
  hb_window_open_file (window, journal);

  guard = g_timeout_add_seconds (60, fail_timeout_cb, (gpointer) "the scenario to be restored");
  while (!(hb_session_get_loaded (session) && !hb_session_get_busy (session) &&
           error_shown (window)))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, EXAMPLE_STEPS);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, EXAMPLE_STEPS);
  shown = gtk_label_get_label (window->error_label);
  g_test_message ("%s", shown);
  g_assert_nonnull (strstr (shown, "scenario only"));
  g_assert_nonnull (strstr (shown, sidecar_name));
  g_assert_nonnull (strstr (shown, ":1:"));
  g_assert_false (g_file_query_exists (journal, NULL));
  g_assert_false (g_file_query_exists (sidecar, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
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
  g_test_add_func ("/hassbench/journal/sidecar-read", test_sidecar_read);
  g_test_add_func ("/hassbench/journal/damaged-sidecar-falls-back",
                   test_damaged_sidecar_falls_back);
  g_test_add_func ("/hassbench/journal/sigkill-then-restore", test_sigkill_then_restore);
  ret = g_test_run ();
  g_clear_object (&app);

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
