/* test-export.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From exploring to a CI test, for real: a window under Xvfb with a real hassbench-host.
 * An assertion added from a recorded call, recording mode, Finish turned into
 * expectations, and the session exported as C, compiled against the built libhassbench
 * and run.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <hassbench.h>

#include "hb-application.h"
#include "hb-assertion-dialog.h"
#include "hb-export-dialog.h"
#include "hb-json-item.h"
#include "hb-window.h"
#include "hb-window-test-util.h"
#include "hb-window-private.h"

static HbApplication *app;

/* Idle, with nothing of ours queued. */
static gboolean
is_settled (HbWindow *window,
            gpointer  data)
{
  HbSession *session = hb_window_get_session (window);

  return hb_session_get_loaded (session) && !hb_session_get_busy (session) &&
         !_hb_window_assert_pending (window);
}

static gboolean
has_n_steps (HbWindow *window,
             gpointer  data)
{
  return is_settled (window, NULL) &&
         g_list_model_get_n_items (hb_session_get_steps (hb_window_get_session (window))) ==
         GPOINTER_TO_UINT (data);
}

static HbWindow *
open_window (void)
{
  HbWindow *window = hb_test_open_window (app, "motion-lights");

  hb_test_wait_until (window, is_settled, NULL, "the app to settle");
  return window;
}

static void
apply_json (HbWindow   *window,
            const char *json)
{
  hb_test_apply_json (window, json, is_settled);
}

static const char motion_on[] =
  "{\"kind\": \"simulate_state_change\", \"entity_id\": \"binary_sensor.hallway_motion\","
  " \"old_value\": \"off\", \"new_value\": \"on\"}";
static const char motion_off[] =
  "{\"kind\": \"simulate_state_change\", \"entity_id\": \"binary_sensor.hallway_motion\","
  " \"old_value\": \"on\", \"new_value\": \"off\"}";

/* The step object of session step @index. (transfer none) */
static JsonObject *
step_at (HbWindow *window,
         guint     index,
         char    **status)
{
  GListModel *steps = hb_session_get_steps (hb_window_get_session (window));
  g_autoptr(HbJsonItem) item = g_list_model_get_item (steps, index);
  JsonObject *data;

  g_assert_nonnull (item);
  data = hb_json_item_get_data (item);
  if (status != NULL)
    *status = g_strdup (json_object_get_string_member_with_default (data, "status", ""));
  return json_object_get_object_member (data, "step");
}

static const char *
kind_at (HbWindow *window,
         guint     index)
{
  return json_object_get_string_member (step_at (window, index, NULL), "kind");
}

/* Every step of the session held. */
static void
assert_all_ok (HbWindow *window)
{
  guint n = g_list_model_get_n_items (hb_session_get_steps (hb_window_get_session (window)));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *status = NULL;

      step_at (window, i, &status);
      g_test_message ("step %u: %s %s", i, kind_at (window, i), status);
      g_assert_cmpstr (status, ==, "ok");
    }
}

typedef struct
{
  const char *view_name;
  const char *path;
  const char *value;
} RowWanted;

/* Selects the wanted row once the view has it: views sort and filter incrementally, so a
 * fresh row reaches them a few main loop iterations after the session's model. */
static gboolean
row_selected (HbWindow *window,
              gpointer  data)
{
  RowWanted *wanted = data;
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                        HB_TYPE_WINDOW,
                                                                        wanted->view_name));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (view));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (selection));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (G_LIST_MODEL (selection), i);
      g_autofree char *text = hb_json_item_dup_text (item, wanted->path);

      if (g_strcmp0 (text, wanted->value) == 0)
        {
          gtk_single_selection_set_selected (selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* Selects, in the column view @view_name, the row whose @path reads @value. */
static void
select_row (HbWindow   *window,
            const char *view_name,
            const char *path,
            const char *value)
{
  RowWanted wanted = { view_name, path, value };

  hb_test_wait_until (window, row_selected, &wanted, value);
}

/* (transfer none) (nullable): the open toplevel of @type */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
finish_dialog_shown (HbWindow *window,
                     gpointer  data)
{
  GtkWindow **out = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (toplevel)), "hb-finish-dialog") == 0)
        {
          *out = toplevel;
          return TRUE;
        }
    }
  return FALSE;
}

/* Opens Add Assertion on the selected row of @pane; returns the dialog. */
static HbAssertionDialog *
open_assertion_dialog (HbWindow   *window,
                       const char *pane)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-assertion", "s", pane));
  dialog = find_toplevel (HB_TYPE_ASSERTION_DIALOG);
  g_assert_nonnull (dialog);
  return HB_ASSERTION_DIALOG (dialog);
}

/* The session as C, through win.export-c and its preview's Save. (transfer full): path */
static char *
export_c (HbWindow   *window,
          const char *dir,
          const char *name)
{
  GtkWindow *dialog;
  g_autofree char *text = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-c", NULL));
  dialog = find_toplevel (HB_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  text = hb_export_dialog_dup_text (HB_EXPORT_DIALOG (dialog));
  g_assert_nonnull (strstr (text, "#include <hassbench.h>"));

  g_assert_true (hb_export_dialog_save_to (HB_EXPORT_DIALOG (dialog), file, &error));
  g_assert_no_error (error);
  gtk_window_destroy (dialog);
  return g_steal_pointer (&path);
}

/*
 * Compiles @source against the built libhassbench, as a user builds an exported test
 * (`cc test.c $(pkg-config --cflags --libs hassbench-1)`, with meson's uninstalled
 * pkg-config file), runs it, and returns its exit status.
 */
static int
compile_and_run (const char *source,
                 char      **output)
{
  const char *cc = g_getenv ("HB_TEST_CC");
  const char *pc_path = g_getenv ("HB_TEST_PKG_CONFIG_PATH");
  const char *libdir = g_getenv ("HB_TEST_LIBDIR");
  g_auto(GStrv) envp = g_get_environ ();
  g_auto(GStrv) cc_argv = NULL;
  g_auto(GStrv) flags_argv = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *flags = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *exe = g_strconcat (source, ".exe", NULL);
  g_autofree char *rpath = g_strdup_printf ("-Wl,-rpath,%s", libdir);
  g_autoptr(GError) error = NULL;
  const char *pkg_config_argv[] = { "pkg-config", "--cflags", "--libs", "hassbench-1", NULL };
  const char *run_argv[] = { exe, "--tap", NULL };
  int status = -1;

  g_assert_nonnull (cc);
  g_assert_nonnull (pc_path);
  g_assert_nonnull (libdir);

  envp = g_environ_setenv (envp, "PKG_CONFIG_PATH", pc_path, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) pkg_config_argv, envp, G_SPAWN_SEARCH_PATH, NULL,
                               NULL, &flags, &errors, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_shell_parse_argv (g_strstrip (flags), NULL, &flags_argv, &error));
  g_assert_true (g_shell_parse_argv (cc, NULL, &cc_argv, &error));

  for (guint i = 0; cc_argv[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (cc_argv[i]));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup (exe));
  g_ptr_array_add (argv, g_strdup (source));
  for (guint i = 0; flags_argv[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (flags_argv[i]));
  g_ptr_array_add (argv, g_strdup (rpath));
  g_ptr_array_add (argv, NULL);

  g_clear_pointer (&errors, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_SEARCH_PATH, NULL,
                               NULL, NULL, &errors, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("the exported test does not compile:\n%s", errors);

  g_clear_pointer (&errors, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) run_argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               output, &errors, &status, &error));
  g_assert_no_error (error);
  /* Its TAP would be read as ours: keep its words out of our output unless asked. */
  if (g_test_verbose ())
    g_printerr ("exported test:\n%s%s", *output, errors);
  g_unlink (exe);
  return g_spawn_check_wait_status (status, NULL) ? 0 : MAX (status, 1);
}

static void
test_assertion_from_call_exported (void)
{
  HbWindow *window = open_window ();
  HbSession *session = hb_window_get_session (window);
  g_autofree char *dir = g_dir_make_tmp ("hb-export-XXXXXX", NULL);
  g_autofree char *source = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  HbAssertionDialog *dialog;
  JsonObject *step;

  g_assert_nonnull (dir);

  /* Nothing selected: a clear word in the window, no dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-assertion", "s",
                                             "calls"));
  g_assert_null (find_toplevel (HB_TYPE_ASSERTION_DIALOG));
  {
    GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                HB_TYPE_WINDOW, "error_label"));

    g_assert_nonnull (strstr (gtk_label_get_label (label), "Select a row"));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-error", NULL);
  }

  apply_json (window, "{\"kind\": \"set_state\", \"entity_id\": \"binary_sensor.hallway_motion\","
                      " \"state\": \"off\"}");
  apply_json (window, motion_on);
  apply_json (window, "{\"kind\": \"advance_time\", \"by\": \"1m\"}");
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, 3);

  /* The turn_on call of step 1: the expectation goes right after it (position 2), and the
   * session re-runs with it. Exact flavour, as offered for calls. */
  select_row (window, "calls_view", "method", "turn_on");
  dialog = open_assertion_dialog (window, "calls");
  g_assert_cmpint (hb_assertion_dialog_get_flavour (dialog), ==, HB_EXPECTATION_FLAVOUR_PARTIAL);
  g_assert_true (hb_assertion_dialog_set_flavour (dialog, HB_EXPECTATION_FLAVOUR_EXACT));
  {
    g_autoptr(JsonObject) built = hb_assertion_dialog_build_step (dialog, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (built, "kind"), ==, "expect_called_exact");
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "assertion.add", NULL));
  hb_test_wait_until (window, has_n_steps, GUINT_TO_POINTER (4), "the assertion to be inserted");

  step = step_at (window, 2, NULL);
  g_assert_cmpstr (json_object_get_string_member (step, "kind"), ==, "expect_called_exact");
  g_assert_cmpstr (json_object_get_string_member (step, "method"), ==, "turn_on");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (step, "kwargs"),
                                                  "entity_id"), ==, "light.hallway");
  g_assert_cmpstr (kind_at (window, 3), ==, "advance_time");

  /* An entity shows the present: its expectation is appended, without a re-run. */
  select_row (window, "entities_view", "entity_id", "binary_sensor.hallway_motion");
  dialog = open_assertion_dialog (window, "entities");
  g_assert_false (hb_assertion_dialog_set_flavour (dialog, HB_EXPECTATION_FLAVOUR_EXACT));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "assertion.add", NULL));
  hb_test_wait_until (window, has_n_steps, GUINT_TO_POINTER (5), "the state assertion");
  step = step_at (window, 4, NULL);
  g_assert_cmpstr (json_object_get_string_member (step, "kind"), ==, "expect_state");
  g_assert_cmpstr (json_object_get_string_member (step, "entity_id"), ==,
                   "binary_sensor.hallway_motion");
  g_assert_cmpstr (json_object_get_string_member (step, "state"), ==, "on");
  assert_all_ok (window);

  /* Exported, compiled against the built library, run: it passes. */
  source = export_c (window, dir, "test-motion.c");
  g_file_get_contents (source, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "hb_recording_api_assert_called_exact_json (api, \"turn_on\""));
  g_assert_cmpint (compile_and_run (source, &output), ==, 0);
  g_assert_nonnull (strstr (output, "ok 1"));
  g_clear_pointer (&output, g_free);
  g_unlink (source);

  /* The export checks what the session says: an expectation that does not hold (a light
   * the app never touched; it too goes right after step 1) makes the exported test fail. */
  select_row (window, "calls_view", "method", "turn_on");
  dialog = open_assertion_dialog (window, "calls");
  /* Bad JSON is refused, naming the field; the dialog stays open. */
  hb_assertion_dialog_set_field (dialog, "kwargs", "{\"entity_id\": ");
  g_assert_null (hb_assertion_dialog_build_step (dialog, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "kwargs: "));
  g_clear_error (&error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "assertion.add", NULL));
  g_assert_true (find_toplevel (HB_TYPE_ASSERTION_DIALOG) == GTK_WINDOW (dialog));
  hb_assertion_dialog_set_field (dialog, "kwargs", "{\"entity_id\": \"light.nowhere\"}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "assertion.add", NULL));
  hb_test_wait_until (window, has_n_steps, GUINT_TO_POINTER (6), "the failing assertion");
  {
    g_autofree char *status = NULL;

    step_at (window, 2, &status);
    g_assert_cmpstr (kind_at (window, 2), ==, "expect_called");
    g_assert_cmpstr (status, ==, "failed");
  }
  g_clear_pointer (&source, g_free);
  source = export_c (window, dir, "test-motion-fails.c");
  g_assert_cmpint (compile_and_run (source, &output), !=, 0);
  g_unlink (source);

  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_recording_mode (void)
{
  HbWindow *window = open_window ();
  HbSession *session = hb_window_get_session (window);
  GActionGroup *actions = G_ACTION_GROUP (window);
  g_autoptr(GVariant) state = NULL;
  JsonObject *step;

  g_assert_true (g_action_group_has_action (actions, "record"));
  state = g_action_group_get_action_state (actions, "record");
  g_assert_false (g_variant_get_boolean (state));
  g_clear_pointer (&state, g_variant_unref);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.record", NULL));
  state = g_action_group_get_action_state (actions, "record");
  g_assert_true (g_variant_get_boolean (state));

  /* Motion: the step, then by itself an expect_called for the turn_on it made. */
  apply_json (window, motion_on);
  hb_test_wait_until (window, has_n_steps, GUINT_TO_POINTER (2), "the recorded expectation");
  step = step_at (window, 1, NULL);
  g_assert_cmpstr (json_object_get_string_member (step, "kind"), ==, "expect_called");
  g_assert_cmpstr (json_object_get_string_member (step, "method"), ==, "turn_on");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (step, "kwargs"),
                                                  "entity_id"), ==, "light.hallway");
  assert_all_ok (window);

  /* A step that calls nothing records nothing. */
  apply_json (window, "{\"kind\": \"advance_time\", \"by\": \"10s\"}");
  hb_test_wait_until (window, is_settled, NULL, "the quiet step");
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, 3);

  /* Off again: steps are only steps. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.record", NULL));
  apply_json (window, motion_off);
  apply_json (window, motion_on);
  hb_test_wait_until (window, is_settled, NULL, "the unrecorded steps");
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, 5);
  g_assert_cmpstr (kind_at (window, 4), ==, "simulate_state_change");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_finish_to_expectations (void)
{
  HbWindow *window = open_window ();
  HbSession *session = hb_window_get_session (window);
  GtkWindow *dialog = NULL;
  JsonObject *step;
  JsonArray *names;
  guint n;

  apply_json (window, motion_on);
  apply_json (window, motion_off);
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_jobs (session)), ==, 1);

  /* The job from the Jobs pane: expect_jobs naming every scheduled job, appended. */
  select_row (window, "jobs_view", "name", "motion_lights_off");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-assertion", "s",
                                             "jobs"));
  dialog = find_toplevel (HB_TYPE_ASSERTION_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "assertion.add", NULL));
  hb_test_wait_until (window, has_n_steps, GUINT_TO_POINTER (3), "the jobs assertion");
  g_assert_cmpstr (kind_at (window, 2), ==, "expect_jobs");
  dialog = NULL;

  /* Finish finds the off job (and the app's listener) alive: a dialog says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.finish", NULL));
  hb_test_wait_until (window, finish_dialog_shown, &dialog, "the finish dialog");
  g_assert_true (GTK_IS_MESSAGE_DIALOG (dialog));
  {
    g_autofree char *secondary = NULL;

    g_object_get (dialog, "secondary-text", &secondary, NULL);
    g_assert_nonnull (strstr (secondary, "motion_lights_off"));
    g_assert_nonnull (strstr (secondary, "motion_sensor"));
  }
  n = g_list_model_get_n_items (hb_session_get_steps (session));
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpstr (kind_at (window, 3), ==, "finish");

  /* Turned into expectations: the failing finish gives way to its drain and an
   * expect_jobs naming the job. */
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  hb_test_wait_until (window, has_n_steps, GUINT_TO_POINTER (5), "the finish expectations");
  g_assert_cmpstr (kind_at (window, 3), ==, "drain");
  step = step_at (window, 4, NULL);
  g_assert_cmpstr (json_object_get_string_member (step, "kind"), ==, "expect_jobs");
  g_assert_cmpint (json_object_get_int_member (step, "count"), ==, 1);
  names = json_object_get_array_member (step, "names");
  g_assert_cmpuint (json_array_get_length (names), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (names, 0), ==, "motion_lights_off");
  assert_all_ok (window);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Back in time, the panes show the house at the cursor: an assertion on an entity goes
 * there, and the steps ahead stay ahead. */
static void
test_assertion_at_cursor (void)
{
  HbWindow *window = open_window ();
  HbSession *session = hb_window_get_session (window);
  HbAssertionDialog *dialog;
  JsonObject *step;

  apply_json (window, "{\"kind\": \"set_state\", \"entity_id\": \"binary_sensor.hallway_motion\","
                      " \"state\": \"off\"}");
  apply_json (window, motion_on);
  apply_json (window, motion_off);

  hb_session_seek_async (session, 2, NULL, NULL, NULL);
  hb_test_wait_until (window, is_settled, NULL, "the seek back");
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 2);

  select_row (window, "entities_view", "entity_id", "binary_sensor.hallway_motion");
  dialog = open_assertion_dialog (window, "entities");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "assertion.add", NULL));
  hb_test_wait_until (window, has_n_steps, GUINT_TO_POINTER (4), "the assertion at the cursor");

  step = step_at (window, 2, NULL);
  g_assert_cmpstr (json_object_get_string_member (step, "kind"), ==, "expect_state");
  g_assert_cmpstr (json_object_get_string_member (step, "state"), ==, "on");
  g_assert_cmpstr (kind_at (window, 3), ==, "simulate_state_change");
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 3);
  g_assert_cmpuint (hb_session_get_n_alternative (session), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_finalized (HbWindow *unused,
              gpointer  data)
{
  return *(gpointer *) data == NULL;
}

/* Closing the window while Finish runs: the window goes (the session's callback holds it
 * weakly), and no dialog or warning comes after it. */
static void
test_close_while_finishing (void)
{
  HbWindow *window = open_window ();
  gpointer weak = window;

  apply_json (window, motion_on);
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.finish", NULL));
  g_assert_true (hb_session_get_busy (hb_window_get_session (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  hb_test_wait_until (NULL, is_finalized, &weak, "the closed window to be released");
  {
    GtkWindow *dialog = NULL;

    g_assert_false (finish_dialog_shown (NULL, &dialog));
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_print ("1..0 # SKIP no session bus (run under dbus-run-session)\n");
      return 0;
    }

  gtk_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  app = hb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/hassbench/export/assertion-from-call-exported",
                   test_assertion_from_call_exported);
  g_test_add_func ("/hassbench/export/recording-mode", test_recording_mode);
  g_test_add_func ("/hassbench/export/finish-to-expectations", test_finish_to_expectations);
  g_test_add_func ("/hassbench/export/assertion-at-cursor", test_assertion_at_cursor);
  g_test_add_func ("/hassbench/export/close-while-finishing", test_close_while_finishing);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
