/* test-window.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workbench window, for real: a GTK window under Xvfb talking to a real
 * hassbench-host process. Tests drive it through its actions, as a user's clicks and
 * shortcuts do, and check the session's models and the widgets' contents.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <hassbench.h>

#include "hb-application.h"
#include "hb-config-dialog.h"
#include "hb-host-client.h"
#include "hb-json-item.h"
#include "hb-step-dialog.h"
#include "hb-window.h"
#include "hb-window-test-util.h"
#include "hb-window-private.h"

static HbApplication *app;

static gboolean
fail_timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static void
test_load_motion_lights (void)
{
  HbWindow *window = hb_test_open_window (app, "motion-lights");
  HbSession *session = hb_window_get_session (window);
  g_autoptr(HbJsonItem) listener = NULL;

  g_assert_cmpstr (hb_session_get_last_error (session), ==, NULL);
  g_assert_nonnull (hb_session_get_clock_now (session));
  listener = hb_test_find_row (hb_session_get_listeners (session), "name", "motion_sensor");
  g_assert_nonnull (listener);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_motion_turns_light_on_and_job_fires (void)
{
  HbWindow *window = hb_test_open_window (app, "motion-lights");
  HbSession *session = hb_window_get_session (window);
  g_autoptr(HbJsonItem) call = NULL;
  g_autoptr(HbJsonItem) job = NULL;
  g_autoptr(HbJsonItem) off = NULL;

  hb_test_apply_json (window, "{\"kind\": \"set_state\","
                      " \"entity_id\": \"binary_sensor.hallway_motion\", \"state\": \"off\"}",
                      NULL);
  g_assert_nonnull (hb_test_find_row (hb_session_get_entities (session), "entity_id",
                                      "binary_sensor.hallway_motion"));

  hb_test_apply_json (window, "{\"kind\": \"simulate_state_change\","
                      " \"entity_id\": \"binary_sensor.hallway_motion\","
                      " \"old_value\": \"off\", \"new_value\": \"on\"}", NULL);
  call = hb_test_find_row (hb_session_get_calls (session), "method", "turn_on");
  g_assert_nonnull (call);
  /* The event log shows the dispatched event and the listener it ran. */
  {
    g_autoptr(HbJsonItem) event = hb_test_find_row (hb_session_get_events (session),
                                                    "bus_event.topic",
                                                    "hass.event.state_changed");
    g_autofree char *ran = NULL;

    g_assert_nonnull (event);
    ran = hb_json_item_dup_text (event, "report.ran");
    g_assert_nonnull (strstr (ran, "motion_sensor"));
  }
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (hb_json_item_get_data (call), "kwargs"),
                     "entity_id"), ==, "light.hallway");

  hb_test_apply_json (window, "{\"kind\": \"simulate_state_change\","
                      " \"entity_id\": \"binary_sensor.hallway_motion\","
                      " \"old_value\": \"on\", \"new_value\": \"off\"}", NULL);
  job = hb_test_find_row (hb_session_get_jobs (session), "name", "motion_lights_off");
  g_assert_nonnull (job);

  /* Select the job in the Jobs pane and run it now: the light goes off, the job stays. */
  {
    GtkColumnView *jobs_view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                               HB_TYPE_WINDOW,
                                                                               "jobs_view"));
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (jobs_view));

    guint n_steps = g_list_model_get_n_items (hb_session_get_steps (session));

    /* Nothing selected: the job actions are disabled, and activating one applies nothing. */
    gtk_widget_activate_action (GTK_WIDGET (window), "win.run-job", NULL);
    g_assert_false (hb_session_get_busy (session));
    g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, n_steps);
    gtk_single_selection_set_selected (selection, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run-job", NULL));
    hb_test_wait_until (window, hb_test_is_idle, NULL, "run-job");
    g_assert_nonnull (hb_test_find_row (hb_session_get_calls (session), "method", "turn_off"));
    g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_jobs (session)), ==, 1);

    /* Cancel it: no job left, and nothing more happens when time passes. */
    gtk_single_selection_set_selected (selection, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-job", NULL));
    hb_test_wait_until (window, hb_test_is_idle, NULL, "cancel-job");
    g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_jobs (session)), ==, 0);
  }

  /* Motion clears again: a fresh job (a fired one-shot frees its name). */
  hb_test_apply_json (window, "{\"kind\": \"simulate_state_change\","
                      " \"entity_id\": \"binary_sensor.hallway_motion\","
                      " \"old_value\": \"off\", \"new_value\": \"on\"}", NULL);
  hb_test_apply_json (window, "{\"kind\": \"simulate_state_change\","
                      " \"entity_id\": \"binary_sensor.hallway_motion\","
                      " \"old_value\": \"on\", \"new_value\": \"off\"}", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_jobs (session)), ==, 1);

  /* Step 5 minutes with the toolbar's Step (the duration entry says how far). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-job", NULL));
  hb_test_wait_until (window, hb_test_is_idle, NULL, "next-job");
  off = hb_test_find_row (hb_session_get_calls (session), "method", "turn_off");
  g_assert_nonnull (off);
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_jobs (session)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_errors (session)), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_advance_and_step_actions (void)
{
  HbWindow *window = hb_test_open_window (app, "motion-lights");
  HbSession *session = hb_window_get_session (window);
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;

  before = g_date_time_new_from_iso8601 (hb_session_get_clock_now (session), NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.advance", "s", "5m"));
  hb_test_wait_until (window, hb_test_is_idle, NULL, "advance");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  hb_test_wait_until (window, hb_test_is_idle, NULL, "step");
  after = g_date_time_new_from_iso8601 (hb_session_get_clock_now (session), NULL);

  /* +5 m, then the Step entry's default 1 m. */
  g_assert_cmpint (g_date_time_difference (after, before), ==, 6 * G_TIME_SPAN_MINUTE);
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkLabel *
template_label (HbWindow   *window,
                const char *name)
{
  return GTK_LABEL (hb_test_template_child (window, name));
}

static void
test_bad_step_shows_error (void)
{
  HbWindow *window = hb_test_open_window (app, "motion-lights");
  HbSession *session = hb_window_get_session (window);
  g_autoptr(HbJsonItem) row = NULL;

  /* A duration the step parser refuses: the step is marked failed, the window says why. */
  hb_test_apply_json (window, "{\"kind\": \"step\", \"by\": \"8am\"}", NULL);
  row = g_list_model_get_item (hb_session_get_steps (session), 0);
  g_assert_cmpstr (json_object_get_string_member (hb_json_item_get_data (row), "status"), ==,
                   "error");
  g_assert_nonnull (strstr (json_object_get_string_member (hb_json_item_get_data (row), "summary"),
                            "8am"));
  /* The host is fine: the banner says what was wrong and offers no restart. */
  g_assert_nonnull (strstr (gtk_label_get_label (template_label (window, "error_label")), "8am"));
  g_assert_false (gtk_widget_get_visible (hb_test_template_child (window, "restart_button")));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_error (HbWindow *window,
           gpointer  data)
{
  HbSession *session = hb_window_get_session (window);

  return !hb_session_get_busy (session) && hb_session_get_last_error (session) != NULL;
}

/* An app that segfaults in a handler takes down its host, never the window; the window
 * says which signal and which handler, and Restart and Replay brings the house back. */
static void
test_crashing_app_keeps_window (void)
{
  const char *module = g_getenv ("HB_TEST_CRASH_MODULE");
  HbWindow *window;
  HbSession *session;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HbJsonItem) row = NULL;
  const char *error;

  g_assert_nonnull (module);
  window = hb_test_open_window (app, NULL);
  session = hb_window_get_session (window);
  file = g_file_new_for_path (module);
  hb_window_open_file (window, file);
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the crash app to load");

  hb_test_apply_json (window, "{\"kind\": \"set_state\", \"entity_id\": \"binary_sensor.boom\","
                      " \"state\": \"off\"}", NULL);
  {
    g_autoptr(JsonObject) step = hb_json_object_from_string (
      "{\"kind\": \"simulate_state_change\", \"entity_id\": \"binary_sensor.boom\","
      " \"old_value\": \"off\", \"new_value\": \"crash\"}", NULL);

    hb_session_apply_async (session, step, NULL, NULL, NULL);
  }
  hb_test_wait_until (window, has_error, NULL, "the host's death to be reported");

  error = hb_session_get_last_error (session);
  g_assert_nonnull (strstr (error, "signal 11"));
  g_assert_nonnull (strstr (error, "handler:boom"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (gtk_widget_get_visible (hb_test_template_child (window, "restart_button")));
  row = g_list_model_get_item (hb_session_get_steps (session), 1);
  g_assert_cmpstr (json_object_get_string_member (hb_json_item_get_data (row), "status"), ==,
                   "error");

  /* Restart and Replay: the steps before the crash, in a fresh host. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.replay", NULL));
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the replay");
  g_assert_null (hb_session_get_last_error (session));
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, 1);
  g_assert_nonnull (hb_test_find_row (hb_session_get_entities (session), "entity_id",
                                      "binary_sensor.boom"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Home Assistant's /api/states seeds the house in one step; a bad file says where. */
static void
test_import_states (void)
{
  HbWindow *window = hb_test_open_window (app, "motion-lights");
  HbSession *session = hb_window_get_session (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hb-import-XXXXXX", &error);
  g_autofree char *good = g_build_filename (dir, "states.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(HbJsonItem) light = NULL;
  GtkLabel *banner;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (good,
    "[{\"entity_id\": \"light.kitchen\", \"state\": \"on\", \"attributes\": {\"brightness\": 200},"
    "  \"last_changed\": \"2024-06-01T06:00:00+00:00\"},"
    " {\"entity_id\": \"sensor.outside\", \"state\": \"12.5\"}]", -1, NULL));
  g_assert_true (g_file_set_contents (bad,
                                      "[{\"entity_id\": \"Light Kitchen\", \"state\": \"on\"}]",
                                      -1, NULL));

  _hb_window_import_states_file (window, good_file);
  hb_test_wait_until (window, hb_test_is_idle, NULL, "the import");
  light = hb_test_find_row (hb_session_get_entities (session), "entity_id", "light.kitchen");
  g_assert_nonnull (light);
  g_assert_cmpstr (json_object_get_string_member (hb_json_item_get_data (light), "state"), ==,
                   "on");
  /* The snapshot's own timestamp is kept, not replaced by the epoch. */
  g_assert_cmpstr (json_object_get_string_member (hb_json_item_get_data (light), "last_changed"),
                   ==, "2024-06-01T06:00:00+00:00");
  g_assert_nonnull (hb_test_find_row (hb_session_get_entities (session), "entity_id",
                                      "sensor.outside"));

  /* An invalid entity id: the banner names the file and the element, nothing is applied. */
  _hb_window_import_states_file (window, bad_file);
  banner = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window), HB_TYPE_WINDOW,
                                                     "error_label"));
  g_assert_nonnull (strstr (gtk_label_get_label (banner), "bad.json"));
  g_assert_nonnull (strstr (gtk_label_get_label (banner), "[0].entity_id"));
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, 1);

  /* Malformed JSON: the banner names the file, the line and the column. */
  g_assert_true (g_file_set_contents (bad, "[{\"entity_id\": \"light.a\",\n  \"state\" \"on\"}]",
                                      -1, NULL));
  _hb_window_import_states_file (window, bad_file);
  g_assert_nonnull (strstr (gtk_label_get_label (banner), "bad.json:2:11: "));
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, 1);

  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_step_dialog_validates (void)
{
  g_autoptr(JsonObject) template = hb_step_dialog_template ("simulate_state_change");
  HbStepDialog *dialog;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) step = NULL;

  g_assert_nonnull (template);
  dialog = hb_step_dialog_new (NULL, "Change State", NULL, template);
  gtk_window_present (GTK_WINDOW (dialog));

  /* A bad entity id is refused, naming the field. */
  hb_step_dialog_set_field (dialog, "entity_id", "Not An Entity");
  hb_step_dialog_set_field (dialog, "new_value", "on");
  step = hb_step_dialog_build_step (dialog, &error);
  g_assert_null (step);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "entity_id"));
  g_clear_error (&error);

  /* Empty old value means "none": the entity did not exist. */
  hb_step_dialog_set_field (dialog, "entity_id", "binary_sensor.porch");
  step = hb_step_dialog_build_step (dialog, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (step, "kind"), ==, "simulate_state_change");
  g_assert_true (json_object_get_null_member (step, "old_value"));
  g_assert_cmpstr (json_object_get_string_member (step, "new_value"), ==, "on");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The config form: what it can check itself, it checks; the harness's verdict on a field
 * appears beside that field. */
static void
test_config_dialog (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) schema = hb_json_from_string (
    "[{\"name\": \"light\", \"type\": \"entity_id\", \"default\": \"light.hallway\","
    "  \"required\": false, \"description\": \"The light\"},"
    " {\"name\": \"off_delay_seconds\", \"type\": \"double\", \"default\": 300,"
    "  \"required\": false, \"description\": null},"
    " {\"name\": \"sensor\", \"type\": \"entity_id\", \"default\": null,"
    "  \"required\": true, \"description\": null}]", &error);
  HbConfigDialog *dialog;
  g_autoptr(JsonObject) config = NULL;
  GtkLabel *general;

  g_assert_no_error (error);
  dialog = hb_config_dialog_new (NULL, json_node_get_array (schema), NULL);
  gtk_window_present (GTK_WINDOW (dialog));

  /* A required field left empty is refused before anything is sent. */
  config = hb_config_dialog_build (dialog, &error);
  g_assert_null (config);
  g_assert_error (error, HB_CONFIG_ERROR, HB_CONFIG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "field 'sensor'"));
  g_clear_error (&error);

  /* So is an entity id that is not one. */
  hb_config_dialog_set_text (dialog, "sensor", "Not An Entity");
  g_assert_null (hb_config_dialog_build (dialog, &error));
  g_assert_nonnull (strstr (error->message, "field 'sensor'"));
  g_clear_error (&error);

  hb_config_dialog_set_text (dialog, "sensor", "binary_sensor.porch");
  hb_config_dialog_set_text (dialog, "off_delay_seconds", "60");
  config = hb_config_dialog_build (dialog, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (config, "light"), ==, "light.hallway");
  g_assert_cmpstr (json_object_get_string_member (config, "sensor"), ==, "binary_sensor.porch");
  g_assert_cmpfloat (json_object_get_double_member (config, "off_delay_seconds"), ==, 60.0);

  /* The harness's message naming a field lands beside it, not in the general label. */
  general = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (dialog), HB_TYPE_CONFIG_DIALOG,
                                                      "error_label"));
  hb_config_dialog_show_error (dialog, "AppConfigurationError for X: 1 validation error — "
                                       "field 'light': Input should be a valid entity id");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (general)));
  hb_config_dialog_show_error (dialog, "something without a field");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (general)));
  g_assert_cmpstr (gtk_label_get_label (general), ==, "something without a field");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* New sessions start in the default-time-zone setting; a zone the machine does not know
 * is reported and the session runs in UTC. Recent files reopen from the app menu's action,
 * and a vanished one is reported by name. */
static void
test_settings_zone_and_recent (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("dev.hassbench.Hassbench");
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "examples",
                                                     "motion-lights.hbscenario.json", NULL);
  g_autofree char *canonical = g_canonicalize_filename (scenario, NULL);
  g_auto(GStrv) recent = NULL;
  HbWindow *window;
  HbSession *session;

  g_settings_set_string (settings, "default-time-zone", "Europe/Berlin");
  window = hb_test_open_window (app, "motion-lights");
  session = hb_window_get_session (window);
  g_assert_cmpstr (hb_session_get_time_zone (session), ==, "Europe/Berlin");
  /* Berlin is an hour or two ahead of UTC, depending on the season of the start. */
  g_assert_true (g_str_has_suffix (hb_session_get_clock_now (session), "+01:00") ||
                 g_str_has_suffix (hb_session_get_clock_now (session), "+02:00"));

  g_settings_set_string (settings, "default-time-zone", "Mars/Olympus_Mons");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-app", "s",
                                             "motion-lights"));
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the app to load again");
  g_assert_nonnull (strstr (gtk_label_get_label (template_label (window, "error_label")),
                            "Mars/Olympus_Mons"));
  g_assert_cmpstr (hb_session_get_time_zone (session), ==, "UTC");
  g_settings_reset (settings, "default-time-zone");

  /* Reopening: the scenario loads and moves to the front of the recent list. */
  g_settings_set_strv (settings, "recent-scenarios", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s",
                                             canonical));
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the recent scenario to load");
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), >, 0);
  recent = g_settings_get_strv (settings, "recent-scenarios");
  g_assert_cmpstr (recent[0], ==, canonical);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s",
                                             "/nonexistent/gone.hbscenario.json"));
  g_assert_nonnull (strstr (gtk_label_get_label (template_label (window, "error_label")),
                            "/nonexistent/gone.hbscenario.json: the file is gone"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Example Apps menu opens an app in its module's example house, seeded as the
 * session's first step; loading the bare app seeds nothing. */
static void
test_example_house (void)
{
  HbWindow *window = hb_test_open_window (app, NULL);
  HbSession *session = hb_window_get_session (window);
  g_autoptr(HbJsonItem) step = NULL;
  g_autoptr(HbJsonItem) sensor = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-example", "s",
                                             "motion-lights"));
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the example to load");
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, 1);
  step = g_list_model_get_item (hb_session_get_steps (session), 0);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (hb_json_item_get_data (step), "step"),
                     "kind"), ==, "set_states");
  sensor = hb_test_find_row (hb_session_get_entities (session), "entity_id",
                             "binary_sensor.hallway_motion");
  g_assert_nonnull (sensor);
  g_assert_cmpstr (json_object_get_string_member (hb_json_item_get_data (sensor), "state"), ==,
                   "off");
  /* Seeded as of the session's start, not the epoch. */
  g_assert_cmpstr (json_object_get_string_member (hb_json_item_get_data (sensor),
                                                  "last_changed"), ==,
                   hb_session_get_clock_now (session));
  g_assert_nonnull (hb_test_find_row (hb_session_get_entities (session), "entity_id",
                                      "light.hallway"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-app", "s",
                                             "motion-lights"));
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the bare app to load");
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_entities (session)), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
closed_apply_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(JsonObject) outcome = hb_session_apply_finish (HB_SESSION (object), result, error);

  g_assert_null (outcome);
  g_assert_nonnull (*error);
}

/* Closing the window while an app hangs in a handler stops its host at once: the step in
 * flight ends with the host's death, long before the step's deadline would have. */
static void
test_close_while_hanging (void)
{
  const char *module = g_getenv ("HB_TEST_HANG_MODULE");
  g_autoptr(GFile) file = NULL;
  g_autoptr(HbSession) session = NULL;
  g_autoptr(JsonObject) step = NULL;
  g_autoptr(GError) error = NULL;
  HbWindow *window;
  gint64 closed_at;
  guint guard;

  g_assert_nonnull (module);
  window = hb_test_open_window (app, NULL);
  session = g_object_ref (hb_window_get_session (window));
  file = g_file_new_for_path (module);
  hb_window_open_file (window, file);
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the hang app to load");

  step = hb_json_object_from_string ("{\"kind\": \"simulate_state_change\", \"entity_id\": "
                                     "\"binary_sensor.spin\", \"old_value\": \"off\", "
                                     "\"new_value\": \"on\"}", NULL);
  hb_session_apply_async (session, step, NULL, closed_apply_cb, &error);
  g_assert_true (hb_session_get_busy (session));

  gtk_window_destroy (GTK_WINDOW (window));
  closed_at = g_get_monotonic_time ();
  guard = g_timeout_add_seconds (20, fail_timeout_cb, (gpointer) "the host to stop");
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  g_assert_error (error, HB_HOST_ERROR, HB_HOST_ERROR_DIED);
  /* The step's own deadline is 30 s: ending well before it means the host was stopped. */
  g_assert_cmpint (g_get_monotonic_time () - closed_at, <, 15 * G_USEC_PER_SEC);
}

/* Change State from a row: the entity and its state come filled in, and the new value is
 * the other state of a two-state entity, so Enter fires the usual change. */
static void
test_change_state_prefills (void)
{
  HbWindow *window = hb_test_open_window (app, NULL);
  HbStepDialog *dialog = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) step = NULL;
  GListModel *toplevels;  /* (transfer none) */

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-example", "s",
                                             "motion-lights"));
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the example to load");
  gtk_single_selection_set_selected (window->entity_selection, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.change-state", NULL));

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (HB_IS_STEP_DIALOG (toplevel))
        dialog = HB_STEP_DIALOG (toplevel);
    }
  g_assert_nonnull (dialog);
  step = hb_step_dialog_build_step (dialog, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (step, "entity_id"), ==,
                   "binary_sensor.hallway_motion");
  g_assert_cmpstr (json_object_get_string_member (step, "old_value"), ==, "off");
  g_assert_cmpstr (json_object_get_string_member (step, "new_value"), ==, "on");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
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
  /* GtkApplication warns (fatally, in tests) without a session bus. */
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

  g_test_add_func ("/hassbench/window/step-dialog-validates", test_step_dialog_validates);
  g_test_add_func ("/hassbench/window/load-motion-lights", test_load_motion_lights);
  g_test_add_func ("/hassbench/window/motion-turns-light-on-and-job-fires",
                   test_motion_turns_light_on_and_job_fires);
  g_test_add_func ("/hassbench/window/advance-and-step-actions", test_advance_and_step_actions);
  g_test_add_func ("/hassbench/window/bad-step-shows-error", test_bad_step_shows_error);
  g_test_add_func ("/hassbench/window/crashing-app-keeps-window", test_crashing_app_keeps_window);
  g_test_add_func ("/hassbench/window/import-states", test_import_states);
  g_test_add_func ("/hassbench/window/example-house", test_example_house);
  g_test_add_func ("/hassbench/window/change-state-prefills", test_change_state_prefills);
  g_test_add_func ("/hassbench/window/close-while-hanging", test_close_while_hanging);
  g_test_add_func ("/hassbench/window/settings-zone-and-recent", test_settings_zone_and_recent);
  g_test_add_func ("/hassbench/window/config-dialog", test_config_dialog);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
