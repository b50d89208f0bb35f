/* test-history.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time travel in the window, for real: a GTK window under Xvfb and a real hassbench-host
 * running the motion-lights example. Selecting an earlier step shows the house as it was
 * after it; a new step there forks; disabling a step re-runs and highlights what changed;
 * a scenario opened to step through is replayed one step at a time.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <hassbench.h>

#include "hb-application.h"
#include "hb-json-item.h"
#include "hb-window.h"
#include "hb-window-test-util.h"
#include "hb-window-private.h"

static HbApplication *app;

/* The first button bound to @action, or NULL. */
static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the action @name ("win." left out) is enabled, as its button shows it:
 * gtk_widget_activate_action returns TRUE for a disabled action too. */
static gboolean
action_enabled (HbWindow   *window,
                const char *name)
{
  g_autofree char *action = g_strconcat ("win.", name, NULL);
  GtkWidget *button = find_actionable (GTK_WIDGET (window), action);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* Activates an action the test expects to be enabled, and waits for what it started. */
static void
activate (HbWindow   *window,
          const char *action,
          GVariant   *parameter)
{
  g_autofree char *what = g_strdup_printf ("%s to finish", action);

  if (parameter == NULL)
    g_assert_true (action_enabled (window, action + strlen ("win.")));
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, parameter));
  hb_test_wait_until (window, hb_test_is_idle, NULL, what);
}

static guint
count_rows (GListModel *model,
            const char *path,
            const char *value)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (model, i);
      g_autofree char *text = hb_json_item_dup_text (item, path);

      n += g_strcmp0 (text, value) == 0;
    }
  return n;
}

/* The rows' text at @path, joined with spaces. */
static char *
column_text (GListModel *model,
             const char *path)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (model, i);
      g_autofree char *cell = hb_json_item_dup_text (item, path);

      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, cell);
    }
  return g_string_free (text, FALSE);
}

#define assert_column(model, path, expected) \
  G_STMT_START { \
    g_autofree char *_text = column_text ((model), (path)); \
    g_assert_cmpstr (_text, ==, (expected)); \
  } G_STMT_END

static char *
row_text (GListModel *model,
          guint       position,
          const char *path)
{
  g_autoptr(HbJsonItem) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return hb_json_item_dup_text (item, path);
}

static char *
entity_state (HbSession  *session,
              const char *entity_id)
{
  GListModel *entities = hb_session_get_entities (session);

  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (entities, i);
      g_autofree char *id = hb_json_item_dup_text (item, "entity_id");

      if (g_strcmp0 (id, entity_id) == 0)
        return hb_json_item_dup_text (item, "state");
    }
  return NULL;
}

static GtkSingleSelection *
steps_selection (HbWindow *window)
{
  GtkListView *view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                    HB_TYPE_WINDOW,
                                                                    "steps_view"));

  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (view));
}

static GtkWidget *
template_child (HbWindow   *window,
                const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HB_TYPE_WINDOW, name));
}

/* Whether a widget under @widget carries the CSS class @name. */
static gboolean
has_descendant_with_class (GtkWidget  *widget,
                           const char *name)
{
  if (gtk_widget_has_css_class (widget, name))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_descendant_with_class (child, name))
      return TRUE;
  return FALSE;
}

#define MOTION_ON  "{\"kind\": \"simulate_state_change\", \"entity_id\": " \
                   "\"binary_sensor.hallway_motion\", \"old_value\": \"off\", " \
                   "\"new_value\": \"on\"}"
#define MOTION_OFF "{\"kind\": \"simulate_state_change\", \"entity_id\": " \
                   "\"binary_sensor.hallway_motion\", \"old_value\": \"on\", " \
                   "\"new_value\": \"off\"}"
#define SEED_OFF   "{\"kind\": \"set_state\", \"entity_id\": \"binary_sensor.hallway_motion\", " \
                   "\"state\": \"off\"}"

/* Seed, motion (the light goes on), five minutes. Selecting the motion step shows the
 * house after it: its calls, its clock, the motion sensor on; the five minutes stay in the
 * list, ahead. Forward again without a restart; the timeline's drag back seeks too. */
static void
test_select_earlier_step (void)
{
  HbWindow *window = hb_test_open_window (app, "motion-lights");
  HbSession *session = hb_window_get_session (window);
  GListModel *steps = hb_session_get_steps (session);
  g_autofree char *start_clock = g_strdup (hb_session_get_clock_now (session));
  g_autofree char *clock_after_motion = NULL;
  g_autofree char *clock_after_wait = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GDateTime) start = NULL;

  hb_test_apply_json (window, SEED_OFF, NULL);
  hb_test_apply_json (window, MOTION_ON, NULL);
  clock_after_motion = g_strdup (hb_session_get_clock_now (session));
  hb_test_apply_json (window, "{\"kind\": \"advance_time\", \"by\": \"5m\"}", NULL);
  clock_after_wait = g_strdup (hb_session_get_clock_now (session));
  g_assert_cmpstr (clock_after_motion, !=, clock_after_wait);
  g_assert_cmpuint (count_rows (hb_session_get_calls (session), "method", "turn_on"), ==, 1);

  /* The user selects step 2 in the session list. */
  gtk_single_selection_set_selected (steps_selection (window), 1);
  hb_test_wait_until (window, hb_test_is_idle, NULL, "the seek to step 2");
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 3);
  assert_column (steps, "applied", "true true false");
  g_assert_cmpstr (hb_session_get_clock_now (session), ==, clock_after_motion);
  state = entity_state (session, "binary_sensor.hallway_motion");
  g_assert_cmpstr (state, ==, "on");
  g_assert_cmpuint (count_rows (hb_session_get_calls (session), "method", "turn_on"), ==, 1);
  g_assert_null (hb_session_get_last_error (session));
  g_assert_null (hb_session_get_nondeterminism (session));
  g_assert_true (has_descendant_with_class (template_child (window, "steps_view"), "step-ahead"));

  /* Back one more step: no motion yet, no call. */
  activate (window, "win.step-back", NULL);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_calls (session)), ==, 0);
  g_clear_pointer (&state, g_free);
  state = entity_state (session, "binary_sensor.hallway_motion");
  g_assert_cmpstr (state, ==, "off");
  /* The selection follows the cursor. */
  g_assert_cmpuint (gtk_single_selection_get_selected (steps_selection (window)), ==, 0);

  /* Forward, one step and then all: the same house as before. */
  activate (window, "win.step-forward", NULL);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 2);
  g_assert_cmpuint (count_rows (hb_session_get_calls (session), "method", "turn_on"), ==, 1);
  activate (window, "win.replay-all", NULL);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 3);
  g_assert_cmpstr (hb_session_get_clock_now (session), ==, clock_after_wait);
  g_assert_false (action_enabled (window, "step-forward"));
  g_assert_false (has_descendant_with_class (template_child (window, "steps_view"),
                                             "step-ahead"));

  /* The timeline dragged back to the start: the cursor goes back, no step is lost. */
  start = g_date_time_new_from_iso8601 (start_clock, NULL);
  _hb_window_seek (window, hb_date_time_to_usec (start) + G_USEC_PER_SEC);
  hb_test_wait_until (window, hb_test_is_idle, NULL, "the timeline seek");
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 3);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 2);
  g_assert_cmpstr (hb_session_get_clock_now (session), ==, clock_after_motion);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A new step with steps ahead forks: the ahead steps are kept, shown in a bar, and
 * Restore swaps them back in; Discard drops what is kept. */
static void
test_fork (void)
{
  HbWindow *window = hb_test_open_window (app, "motion-lights");
  HbSession *session = hb_window_get_session (window);
  GListModel *steps = hb_session_get_steps (session);
  GtkRevealer *bar = GTK_REVEALER (template_child (window, "alternative_revealer"));
  GtkLabel *label = GTK_LABEL (template_child (window, "alternative_label"));

  hb_test_apply_json (window, SEED_OFF, NULL);
  hb_test_apply_json (window, MOTION_ON, NULL);
  hb_test_apply_json (window, MOTION_OFF, NULL);
  activate (window, "win.seek-to", g_variant_new_uint32 (1));
  g_assert_false (gtk_revealer_get_reveal_child (bar));

  /* Instead of motion, five minutes pass. */
  hb_test_apply_json (window, "{\"kind\": \"advance_time\", \"by\": \"5m\"}", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 2);
  g_assert_cmpuint (hb_session_get_n_alternative (session), ==, 2);
  g_assert_true (gtk_revealer_get_reveal_child (bar));
  g_assert_cmpstr (gtk_label_get_label (label), ==, "2 alternative steps kept");
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_calls (session)), ==, 0);

  activate (window, "win.restore-alternative", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 3);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 1);
  assert_column (steps, "step.kind", "set_state simulate_state_change simulate_state_change");
  g_assert_cmpstr (gtk_label_get_label (label), ==, "1 alternative step kept");
  activate (window, "win.replay-all", NULL);
  g_assert_cmpuint (count_rows (hb_session_get_calls (session), "method", "turn_on"), ==, 1);

  activate (window, "win.discard-alternative", NULL);
  g_assert_cmpuint (hb_session_get_n_alternative (session), ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (bar));
  g_assert_false (action_enabled (window, "restore-alternative"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Motion, motion clears (a job is scheduled), next job (the light goes off). Disabling
 * "motion clears" re-runs: no job, so the next-job step's outcome changes, and its row is
 * highlighted. Moving steps works the same way. */
static void
test_disable_highlights_changed (void)
{
  HbWindow *window = hb_test_open_window (app, "motion-lights");
  HbSession *session = hb_window_get_session (window);
  GListModel *steps = hb_session_get_steps (session);
  GtkWidget *view = template_child (window, "steps_view");
  g_autofree char *previous = NULL;
  g_autofree char *now = NULL;
  g_autoptr(JsonObject) scenario = NULL;

  hb_test_apply_json (window, SEED_OFF, NULL);
  hb_test_apply_json (window, MOTION_ON, NULL);
  hb_test_apply_json (window, MOTION_OFF, NULL);
  hb_test_apply_json (window, "{\"kind\": \"next_job\"}", NULL);
  g_assert_cmpuint (count_rows (hb_session_get_calls (session), "method", "turn_off"), ==, 1);
  g_assert_false (has_descendant_with_class (view, "step-changed"));

  _hb_window_select_step_quietly (window, 2);
  activate (window, "win.toggle-step", NULL);
  assert_column (steps, "enabled", "true true false true");
  assert_column (steps, "status", "ok ok disabled ok");
  assert_column (steps, "changed", "false false false true");
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 4);
  g_assert_cmpuint (count_rows (hb_session_get_calls (session), "method", "turn_off"), ==, 0);
  previous = row_text (steps, 3, "previous_outcome.jobs_fired");
  now = row_text (steps, 3, "outcome.jobs_fired");
  g_assert_cmpstr (previous, !=, now);
  g_assert_null (hb_session_get_nondeterminism (session));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (has_descendant_with_class (view, "step-changed"));
  g_assert_true (has_descendant_with_class (view, "step-disabled"));

  /* Saved scenarios leave the disabled step out. */
  scenario = hb_session_to_scenario (session);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (scenario, "steps")), ==,
                    3);

  /* Enabled again: the job fires as at first, the outcome changes back. */
  _hb_window_select_step_quietly (window, 2);
  activate (window, "win.toggle-step", NULL);
  assert_column (steps, "status", "ok ok ok ok");
  g_assert_cmpuint (count_rows (hb_session_get_calls (session), "method", "turn_off"), ==, 1);

  /* Motion clears before motion: move step 3 up. */
  _hb_window_select_step_quietly (window, 2);
  g_assert_true (action_enabled (window, "move-step-up"));
  activate (window, "win.move-step-up", NULL);
  assert_column (steps, "index", "0 1 2 3");
  g_clear_pointer (&now, g_free);
  now = row_text (steps, 1, "step.new_value");
  g_assert_cmpstr (now, ==, "off");
  g_assert_cmpuint (gtk_single_selection_get_selected (steps_selection (window)), ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A replay cancelled at once stops after the step in flight, consistent: the cursor
 * there, the rest ahead, no error. */
static void
test_cancel_replay (void)
{
  HbWindow *window = hb_test_open_window (app, "motion-lights");
  HbSession *session = hb_window_get_session (window);
  GtkRevealer *progress = GTK_REVEALER (template_child (window, "progress_revealer"));

  hb_test_apply_json (window, SEED_OFF, NULL);
  hb_test_apply_json (window, MOTION_ON, NULL);
  hb_test_apply_json (window, MOTION_OFF, NULL);
  activate (window, "win.seek-to", g_variant_new_uint32 (0));
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 0);
  g_assert_false (action_enabled (window, "cancel-replay"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.replay-all", NULL));
  g_assert_true (hb_session_get_replaying (session));
  g_assert_true (action_enabled (window, "cancel-replay"));
  /* Busy: a second seek is refused, the replay goes on. */
  g_assert_false (action_enabled (window, "step-back"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-replay", NULL));
  hb_test_wait_until (window, hb_test_is_idle, NULL, "the cancelled replay");

  g_assert_cmpuint (hb_session_get_cursor (session), ==, 1);
  assert_column (hb_session_get_steps (session), "applied", "true false false");
  g_assert_null (hb_session_get_last_error (session));
  g_assert_true (hb_session_get_loaded (session));
  g_assert_false (gtk_revealer_get_reveal_child (progress));
  g_assert_false (hb_session_get_replaying (session));

  activate (window, "win.replay-all", NULL);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 3);
  g_assert_cmpuint (count_rows (hb_session_get_calls (session), "method", "turn_on"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A scenario opened to step through: every step ahead, then one at a time, then all. */
static void
test_step_through_scenario (void)
{
  HbWindow *window = hb_test_open_window (app, NULL);
  HbSession *session = hb_window_get_session (window);
  GListModel *steps = hb_session_get_steps (session);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hb-history-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "porch.hbscenario.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *state = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path,
    "{\"format\": \"hassbench-scenario\", \"version\": 1,"
    " \"app\": {\"id\": \"motion-lights\", \"config\": {}},"
    " \"harness\": {\"start_time\": \"2024-06-01T07:00:00+00:00\", \"time_zone\": \"UTC\"},"
    " \"steps\": [" SEED_OFF ", " MOTION_ON ","
    "  {\"kind\": \"expect_called\", \"method\": \"turn_on\"}]}",
    -1, NULL));

  _hb_window_open_scenario_file_step_through (window, file);
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the scenario to load");
  g_assert_null (hb_session_get_last_error (session));
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 3);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 0);
  assert_column (steps, "status", "ahead ahead ahead");
  g_assert_null (entity_state (session, "binary_sensor.hallway_motion"));
  g_assert_cmpstr (hb_session_get_clock_now (session), ==, "2024-06-01T07:00:00+00:00");

  activate (window, "win.step-forward", NULL);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 1);
  assert_column (steps, "status", "ok ahead ahead");
  state = entity_state (session, "binary_sensor.hallway_motion");
  g_assert_cmpstr (state, ==, "off");

  activate (window, "win.replay-all", NULL);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 3);
  assert_column (steps, "status", "ok ok ok");
  g_assert_cmpuint (count_rows (hb_session_get_calls (session), "method", "turn_on"), ==, 1);
  g_assert_false (action_enabled (window, "replay-all"));

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
module_changed (HbWindow *window,
                gpointer  data)
{
  return hb_session_get_module_changed (hb_window_get_session (window));
}

/* An app loaded from a module file: rewriting the file offers a reload, which replays the
 * session in a fresh host with the new file. */
static void
test_module_reload (void)
{
  g_autofree char *built = g_build_filename (g_getenv ("HB_APPS_BUILDDIR"),
                                             "libhb-example-apps.so", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hb-module-XXXXXX", &error);
  g_autofree char *copy = g_build_filename (dir, "apps.so", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonObject) app_object = json_object_new ();
  gsize length;
  HbWindow *window;
  HbSession *session;
  GtkRevealer *banner;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (built, &contents, &length, &error));
  g_assert_true (g_file_set_contents (copy, contents, length, &error));

  window = hb_test_open_window (app, NULL);
  session = hb_window_get_session (window);
  banner = GTK_REVEALER (template_child (window, "module_revealer"));
  json_object_set_string_member (app_object, "module", copy);
  json_object_set_string_member (app_object, "type", "MotionLights");
  hb_session_load_async (session, app_object, NULL, NULL, NULL, NULL, NULL, NULL);
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the module to load");
  g_assert_null (hb_session_get_last_error (session));
  hb_test_apply_json (window, SEED_OFF, NULL);
  hb_test_apply_json (window, MOTION_ON, NULL);
  g_assert_false (hb_session_get_module_changed (session));
  g_assert_false (action_enabled (window, "reload-module"));

  /* A rebuild: the file is replaced. */
  g_assert_true (g_file_set_contents (copy, contents, length, &error));
  hb_test_wait_until (window, module_changed, NULL, "the module change to be noticed");
  g_assert_true (gtk_revealer_get_reveal_child (banner));

  activate (window, "win.reload-module", NULL);
  g_assert_false (hb_session_get_module_changed (session));
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 2);
  /* The same code: nothing changed, and a difference would not be non-determinism. */
  assert_column (hb_session_get_steps (session), "changed", "false false");
  g_assert_null (hb_session_get_nondeterminism (session));
  g_assert_cmpuint (count_rows (hb_session_get_calls (session), "method", "turn_on"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (copy);
  g_rmdir (dir);
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

  g_test_add_func ("/hassbench/history/select-earlier-step", test_select_earlier_step);
  g_test_add_func ("/hassbench/history/fork", test_fork);
  g_test_add_func ("/hassbench/history/disable-highlights-changed",
                   test_disable_highlights_changed);
  g_test_add_func ("/hassbench/history/cancel-replay", test_cancel_replay);
  g_test_add_func ("/hassbench/history/step-through-scenario", test_step_through_scenario);
  g_test_add_func ("/hassbench/history/module-reload", test_module_reload);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
