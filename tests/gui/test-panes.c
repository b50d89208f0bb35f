/* test-panes.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's time columns (a task's age, when a job runs), Play ×N and the step
 * detail, in a real window under Xvfb against a real hassbench-host.
 */

#include "config.h"

#include <gtk/gtk.h>
#include <hassbench.h>

#include "hb-application.h"
#include "hb-json-item.h"
#include "hb-session.h"
#include "hb-slot-model.h"
#include "hb-step-detail.h"
#include "hb-time-columns.h"
#include "hb-window.h"
#include "hb-window-test-util.h"
#include "hb-window-private.h"

static HbApplication *app;

/* Lets pending layout and idle work (cell binds, the step detail's refresh) run. */
static void
settle (GtkWidget *widget)
{
  gtk_test_widget_wait_for_draw (widget);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  gtk_test_widget_wait_for_draw (widget);
}

static HbWindow *
open_window (void)
{
  return hb_test_open_window (app, "motion-lights");
}

static void
motion (HbWindow   *window,
        const char *from,
        const char *to)
{
  g_autofree char *json = g_strdup_printf ("{\"kind\": \"simulate_state_change\","
                                           " \"entity_id\": \"binary_sensor.hallway_motion\","
                                           " \"old_value\": \"%s\", \"new_value\": \"%s\"}",
                                           from, to);

  hb_test_apply_json (window, json, NULL);
}

/* Every text of the labels and inscriptions under @widget, one per line. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_inscription_get_text (GTK_INSCRIPTION (widget)))
    g_string_append_printf (out, "%s\n", gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  else if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static char *
widget_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_text (widget, out);
  return g_string_free (out, FALSE);
}

static gboolean
has_line (const char *text,
          const char *line)
{
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);
  g_autofree char *haystack = g_strdup_printf ("\n%s", text);

  return strstr (haystack, needle) != NULL;
}

static GtkWidget *
template_child (HbWindow   *window,
                const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HB_TYPE_WINDOW, name));
}

static gboolean
has_column (GtkColumnView *view,
            const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_time_format (void)
{
  static const struct {
    HbTimeColumnKind kind;
    gint64           seconds;
    const char      *text;
  } cases[] = {
    { HB_TIME_COLUMN_AGE, 0, "0 s" },
    { HB_TIME_COLUMN_AGE, 59, "59 s" },
    { HB_TIME_COLUMN_AGE, 60, "1 min" },
    { HB_TIME_COLUMN_AGE, 3599, "59 min" },
    { HB_TIME_COLUMN_AGE, 3600, "1 h" },
    { HB_TIME_COLUMN_AGE, 3600 + 300, "1 h 5 min" },
    { HB_TIME_COLUMN_AGE, 86400 * 2 + 3600 * 3, "2 d 3 h" },
    { HB_TIME_COLUMN_AGE, -5, "0 s" },
    { HB_TIME_COLUMN_RELATIVE, 240, "in 4 min" },
    { HB_TIME_COLUMN_RELATIVE, 0, "due" },
    { HB_TIME_COLUMN_RELATIVE, -7200, "2 h ago" },
    { HB_TIME_COLUMN_RELATIVE, 1, "in 1 s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hb_time_columns_format (cases[i].kind,
                                                      cases[i].seconds * G_USEC_PER_SEC);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The Jobs pane's "In" column counts down as the clock moves, without a model change. */
static void
test_job_in_column (void)
{
  HbWindow *window = open_window ();
  GtkColumnView *jobs_view = GTK_COLUMN_VIEW (template_child (window, "jobs_view"));
  GtkNotebook *notebook = GTK_NOTEBOOK (template_child (window, "notebook"));
  GtkWidget *page;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (has_column (jobs_view, "In"));
  g_assert_true (has_column (GTK_COLUMN_VIEW (template_child (window, "tasks_view")), "Age"));

  hb_test_apply_json (window, "{\"kind\": \"set_state\","
                      " \"entity_id\": \"binary_sensor.hallway_motion\", \"state\": \"off\"}",
                      NULL);
  motion (window, "off", "on");
  motion (window, "on", "off");
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_jobs (hb_window_get_session (window))),
                    ==, 1);

  page = gtk_widget_get_ancestor (GTK_WIDGET (jobs_view), GTK_TYPE_BOX);
  gtk_notebook_set_current_page (notebook, gtk_notebook_page_num (notebook, page));
  settle (GTK_WIDGET (window));
  before = widget_text (GTK_WIDGET (jobs_view));
  g_assert_true (has_line (before, "in 5 min"));

  /* Advancing the clock (no job fires, the job row stays the same) moves the countdown. */
  hb_test_apply_json (window, "{\"kind\": \"advance_time\", \"by\": 90}", NULL);
  settle (GTK_WIDGET (window));
  after = widget_text (GTK_WIDGET (jobs_view));
  g_assert_false (has_line (after, "in 5 min"));
  g_assert_true (has_line (after, "in 3 min"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Age column over any model, against any clock property (here a label's text). */
static void
test_age_column (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  GtkWidget *clock = gtk_label_new ("2024-06-01T07:10:00+00:00");
  g_autoptr(GListStore) store = g_list_store_new (HB_TYPE_JSON_ITEM);
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autofree char *text = NULL;
  g_autofree char *later = NULL;
  g_autofree char *changed = NULL;

  g_object_ref_sink (clock);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\": \"t%u\", \"created\": "
                                               "\"2024-06-01T07:0%u:00+00:00\"}", i, i);
      g_autoptr(JsonObject) data = hb_json_object_from_string (json, NULL);
      g_autoptr(HbJsonItem) item = hb_json_item_new (NULL, data);

      g_list_store_append (store, item);
    }
  hb_time_columns_add (view, "Age", "created", HB_TIME_COLUMN_AGE, G_OBJECT (clock), "label");
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (store)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (view));
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 300);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  settle (window);

  text = widget_text (GTK_WIDGET (view));
  g_assert_true (has_line (text, "10 min"));
  g_assert_true (has_line (text, "9 min"));
  g_assert_true (has_line (text, "8 min"));

  gtk_label_set_label (GTK_LABEL (clock), "2024-06-01T08:10:00+00:00");
  later = widget_text (GTK_WIDGET (view));
  g_assert_true (has_line (later, "1 h 10 min"));
  g_assert_true (has_line (later, "1 h 8 min"));

  /* A row whose data changes shows its new time at once. */
  {
    g_autoptr(HbJsonItem) item = g_list_model_get_item (G_LIST_MODEL (store), 0);
    g_autoptr(JsonObject) data = hb_json_object_from_string ("{\"name\": \"t0\", \"created\": "
                                                             "\"2024-06-01T08:09:30+00:00\"}",
                                                             NULL);

    hb_json_item_set_data (item, data);
  }
  changed = widget_text (GTK_WIDGET (view));
  g_assert_true (has_line (changed, "30 s"));
  g_assert_false (has_line (changed, "1 h 10 min"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (clock);
}

static gint64
clock_usec (HbWindow *window)
{
  g_autoptr(GDateTime) now =
    g_date_time_new_from_iso8601 (hb_session_get_clock_now (hb_window_get_session (window)), NULL);

  g_assert_nonnull (now);
  return hb_date_time_to_usec (now);
}

static gboolean
playing (HbWindow *window)
{
  gboolean value;

  g_object_get (window, "playing", &value, NULL);
  return value;
}

/* Play ×N: each tick is an ordinary step of the session, by the tick's real time × N. */
static void
test_play (void)
{
  HbWindow *window = open_window ();
  HbSession *session = hb_window_get_session (window);
  GListModel *steps = hb_session_get_steps (session);
  guint n_steps;
  gint64 start;

  /* The test is the tick source: no real timer runs, nothing waits on the wall clock. */
  window->play_manual = TRUE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play-speed", "u", 60));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL));
  g_assert_true (playing (window));
  g_assert_cmpstr (gtk_label_get_label (window->frozen_label), ==, "playing");
  g_assert_cmpstr (gtk_menu_button_get_label (window->play_speed_button), ==, "×60");

  start = clock_usec (window);
  n_steps = g_list_model_get_n_items (steps);
  _hb_window_play_tick (window, 250 * 1000);
  hb_test_wait_until (window, hb_test_is_idle, NULL, "the play step");
  g_assert_cmpint (clock_usec (window) - start, ==, 250 * 1000 * 60);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, n_steps + 1);
  /* The clock moved; the label still says the clock is playing. */
  g_assert_cmpstr (gtk_label_get_label (window->frozen_label), ==, "playing");
  {
    g_autoptr(HbJsonItem) row = g_list_model_get_item (steps, n_steps);
    g_autofree char *kind = hb_json_item_dup_text (row, "step.kind");
    g_autofree char *status = hb_json_item_dup_text (row, "status");

    g_assert_cmpstr (kind, ==, "step");
    g_assert_cmpstr (status, ==, "ok");
    g_assert_cmpfloat (json_node_get_double (hb_json_item_lookup (row, "step.by")), ==, 15.0);
  }

  /* Part of a tick plays nothing yet; the rest of it plays one whole tick. */
  _hb_window_play_tick (window, 100 * 1000);
  g_assert_false (hb_session_get_busy (session));
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, n_steps + 1);
  _hb_window_play_tick (window, 150 * 1000);
  hb_test_wait_until (window, hb_test_is_idle, NULL, "the second play step");
  g_assert_cmpint (clock_usec (window) - start, ==, 2 * 250 * 1000 * 60);

  /* Speed ×600, two ticks' worth of real time in one: one step of 300 s fires the job. */
  motion (window, "off", "on");
  motion (window, "on", "off");
  start = clock_usec (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play-speed", "u", 600));
  _hb_window_play_tick (window, 500 * 1000);
  hb_test_wait_until (window, hb_test_is_idle, NULL, "the third play step");
  g_assert_cmpint (clock_usec (window) - start, ==, 300 * G_USEC_PER_SEC);
  {
    guint n = g_list_model_get_n_items (hb_session_get_calls (session));
    g_autoptr(HbJsonItem) last = g_list_model_get_item (hb_session_get_calls (session), n - 1);
    g_autofree char *method = hb_json_item_dup_text (last, "method");

    g_assert_cmpstr (method, ==, "turn_off");
  }

  /* Pause: ticks do nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL));
  g_assert_false (playing (window));
  g_assert_cmpstr (gtk_label_get_label (window->frozen_label), ==, "frozen");
  n_steps = g_list_model_get_n_items (steps);
  _hb_window_play_tick (window, 1000 * 1000);
  g_assert_false (hb_session_get_busy (session));
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, n_steps);

  /* Travelling back (a seek replays in a fresh host) stops the play. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL));
  g_assert_true (playing (window));
  hb_session_seek_async (session, 1, NULL, NULL, NULL);
  g_assert_false (playing (window));
  hb_test_wait_until (window, hb_test_is_idle, NULL, "the seek");
  g_assert_false (playing (window));
  hb_session_seek_async (session, g_list_model_get_n_items (steps), NULL, NULL, NULL);
  hb_test_wait_until (window, hb_test_is_idle, NULL, "the seek forward");

  /* A drain error stops the play. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL));
  g_assert_true (playing (window));
  {
    g_autoptr(JsonObject) row = hb_json_object_from_string ("{\"task\": \"x\", \"message\": \"y\"}",
                                                            NULL);
    g_autoptr(HbJsonItem) item = hb_json_item_new (NULL, row);

    /* The errors model is the session's; a row appearing is what a drain error does. */
    g_list_store_append (G_LIST_STORE (hb_session_get_errors (session)), item);
  }
  g_assert_false (playing (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The step detail: outcome, state diff and the handlers a step ran. */
static void
test_step_detail (void)
{
  HbWindow *window = open_window ();
  HbSession *session = hb_window_get_session (window);
  GtkWidget *detail = template_child (window, "step_detail");
  GListModel *steps = hb_session_get_steps (session);
  g_autofree char *none = NULL;
  g_autofree char *text = NULL;
  g_autofree char *seed = NULL;
  guint motion_step;

  g_assert_true (HB_IS_STEP_DETAIL (detail));
  settle (GTK_WIDGET (window));
  none = widget_text (detail);
  g_assert_nonnull (strstr (none, "Select a step"));

  hb_test_apply_json (window, "{\"kind\": \"set_state\","
                      " \"entity_id\": \"binary_sensor.hallway_motion\", \"state\": \"off\","
                      " \"attributes\": {\"device_class\": \"motion\"}}", NULL);
  motion_step = g_list_model_get_n_items (steps);
  motion (window, "off", "on");

  /* Selecting the step in the list shows it. */
  gtk_single_selection_set_selected (window->step_selection, motion_step);
  g_assert_cmpint (hb_step_detail_get_step (HB_STEP_DETAIL (detail)), ==, motion_step);
  settle (GTK_WIDGET (window));
  text = widget_text (detail);
  g_test_message ("%s", text);
  g_assert_null (strstr (text, "Select a step"));
  g_assert_nonnull (strstr (text, "ok"));
  g_assert_true (has_line (text, "binary_sensor.hallway_motion"));
  g_assert_true (has_line (text, "off → on"));
  g_assert_true (has_line (text, "motion_sensor"));
  g_assert_true (has_line (text, "ran"));

  /* The seeding step: the entity did not exist before it. */
  hb_step_detail_set_step (HB_STEP_DETAIL (detail), motion_step - 1);
  seed = widget_text (detail);
  g_test_message ("%s", seed);
  g_assert_true (has_line (seed, "— → off"));
  g_assert_false (has_line (seed, "off → on"));

  /* Travelled back before the motion: its row is ahead, shown with its last outcome. */
  hb_session_seek_async (session, motion_step, NULL, NULL, NULL);
  hb_test_wait_until (window, hb_test_is_idle, NULL, "the seek back");
  hb_step_detail_set_step (HB_STEP_DETAIL (detail), -1);
  hb_step_detail_set_step (HB_STEP_DETAIL (detail), motion_step);
  {
    g_autofree char *ahead = widget_text (detail);

    g_test_message ("%s", ahead);
    g_assert_nonnull (strstr (ahead, "Not applied now"));
    g_assert_true (has_line (ahead, "binary_sensor.hallway_motion"));
  }

  /* No selection: the placeholder again. */
  gtk_single_selection_set_selected (window->step_selection, GTK_INVALID_LIST_POSITION);
  g_assert_cmpint (hb_step_detail_get_step (HB_STEP_DETAIL (detail)), ==, -1);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A listener the event reached but whose filter said no is listed with the reason. */
static void
test_step_detail_filtered (void)
{
  HbWindow *window = hb_window_new (app);
  HbSession *session = hb_window_get_session (window);
  GtkWidget *detail = template_child (window, "step_detail");
  g_autoptr(JsonObject) app_id = hb_json_object_from_string ("{\"id\": \"motion-lights\"}", NULL);
  g_autoptr(JsonObject) config = hb_json_object_from_string ("{\"split_listeners\": true}", NULL);
  g_autofree char *text = NULL;
  guint index;

  gtk_window_present (GTK_WINDOW (window));
  hb_test_wait_until (window, hb_test_is_mapped, NULL, "the window to map");
  hb_session_load_async (session, app_id, config, NULL, NULL, NULL, NULL, NULL);
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the app to load");
  hb_test_apply_json (window, "{\"kind\": \"set_state\","
                      " \"entity_id\": \"binary_sensor.hallway_motion\", \"state\": \"off\"}",
                      NULL);
  index = g_list_model_get_n_items (hb_session_get_steps (session));
  motion (window, "off", "on");

  hb_step_detail_set_step (HB_STEP_DETAIL (detail), index);
  text = widget_text (detail);
  g_test_message ("%s", text);
  g_assert_true (has_line (text, "motion_on"));
  g_assert_true (has_line (text, "ran"));
  g_assert_true (has_line (text, "motion_off"));
  g_assert_true (has_line (text, "filtered out"));
  g_assert_nonnull (strstr (text, "state_changed binary_sensor.hallway_motion: "));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_step_detail_failed (void)
{
  HbWindow *window = open_window ();
  GtkWidget *detail = template_child (window, "step_detail");
  guint index = g_list_model_get_n_items (hb_session_get_steps (hb_window_get_session (window)));
  g_autofree char *text = NULL;

  /* An expectation that does not hold: the outcome says failed, with the message. */
  hb_test_apply_json (window, "{\"kind\": \"expect_called\", \"method\": \"turn_on\"}", NULL);
  hb_step_detail_set_step (HB_STEP_DETAIL (detail), index);
  text = widget_text (detail);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "failed: "));
  g_assert_true (has_line (text, "No entity changed."));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The entity search over a house bigger than a view's rows: typing narrows the rows in
 * the view to the matches, the selected entity stays selected wherever it moves, and
 * clearing the search brings every row back. */
static gboolean
entity_search_settled (HbWindow *window,
                       gpointer  data)
{
  GListModel *view_model = G_LIST_MODEL (gtk_column_view_get_model (window->entities_view));
  HbSlotModel *slots =
    HB_SLOT_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (view_model)));
  GtkFilterListModel *filtered = GTK_FILTER_LIST_MODEL (hb_slot_model_get_model (slots));

  return gtk_filter_list_model_get_pending (filtered) == 0 &&
         hb_slot_model_get_pending (slots) == 0 &&
         g_list_model_get_n_items (view_model) == GPOINTER_TO_UINT (data);
}

static const char *
selected_entity (HbWindow *window)
{
  HbJsonItem *item = gtk_single_selection_get_selected_item (window->entity_selection);

  return item != NULL ? json_object_get_string_member_with_default (hb_json_item_get_data (item),
                                                                    "entity_id", NULL)
                      : NULL;
}

static void
type_search (HbWindow   *window,
             const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      int position = -1;

      gtk_editable_insert_text (GTK_EDITABLE (window->entity_search), c, 1, &position);
    }
}

static void
test_entity_search (void)
{
  HbWindow *window = open_window ();
  g_autoptr(GString) json = g_string_new ("{\"kind\": \"set_states\", \"states\": {");
  GListModel *view_model = G_LIST_MODEL (gtk_column_view_get_model (window->entities_view));
  HbSession *session = hb_window_get_session (window);
  guint n_before = g_list_model_get_n_items (hb_session_get_entities (session));
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (window->entities_view),
                                             GTK_TYPE_SCROLLED_WINDOW);
  guint position;
  g_autofree char *text = NULL;

  /* 300 lights, a third of them in the attic. */
  for (guint i = 0; i < 300; i++)
    g_string_append_printf (json, "%s\"light.%s_%03u\": \"%s\"", i > 0 ? ", " : "",
                            i % 3 == 0 ? "attic" : "cellar", i, i % 2 ? "on" : "off");
  g_string_append (json, "}}");
  hb_test_apply_json (window, json->str, NULL);
  hb_test_wait_until (window, entity_search_settled, GUINT_TO_POINTER (n_before + 300),
                      "every light in the entities pane");

  /* Select an attic light far down the list. */
  for (position = 0; position < g_list_model_get_n_items (view_model); position++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (view_model, position);

      if (g_strcmp0 (json_object_get_string_member_with_default (hb_json_item_get_data (item),
                                                                 "entity_id", NULL),
                     "light.attic_297") == 0)
        break;
    }
  gtk_single_selection_set_selected (window->entity_selection, position);
  g_assert_cmpstr (selected_entity (window), ==, "light.attic_297");

  gtk_notebook_set_current_page (window->notebook,
                                 gtk_notebook_page_num (window->notebook, page));
  type_search (window, "attic");
  hb_test_wait_until (window, entity_search_settled, GUINT_TO_POINTER (100),
                      "the attic lights only");
  settle (GTK_WIDGET (window));
  g_assert_cmpstr (selected_entity (window), ==, "light.attic_297");
  text = widget_text (GTK_WIDGET (window->entities_view));
  g_assert_true (has_line (text, "light.attic_000"));
  g_assert_false (has_line (text, "light.cellar_001"));
  g_clear_pointer (&text, g_free);

  type_search (window, "_29");
  hb_test_wait_until (window, entity_search_settled, GUINT_TO_POINTER (3),
                      "attic lights 291, 294 and 297");
  settle (GTK_WIDGET (window));
  g_assert_cmpstr (selected_entity (window), ==, "light.attic_297");
  text = widget_text (GTK_WIDGET (window->entities_view));
  g_assert_true (has_line (text, "light.attic_291"));
  g_assert_false (has_line (text, "light.attic_000"));
  g_clear_pointer (&text, g_free);

  gtk_editable_set_text (GTK_EDITABLE (window->entity_search), "");
  hb_test_wait_until (window, entity_search_settled, GUINT_TO_POINTER (n_before + 300),
                      "every light again");
  settle (GTK_WIDGET (window));
  g_assert_cmpstr (selected_entity (window), ==, "light.attic_297");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

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
  app = hb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/hassbench/panes/time-format", test_time_format);
  g_test_add_func ("/hassbench/panes/age-column", test_age_column);
  g_test_add_func ("/hassbench/panes/job-in-column", test_job_in_column);
  g_test_add_func ("/hassbench/panes/play", test_play);
  g_test_add_func ("/hassbench/panes/step-detail", test_step_detail);
  g_test_add_func ("/hassbench/panes/step-detail-filtered", test_step_detail_filtered);
  g_test_add_func ("/hassbench/panes/step-detail-failed", test_step_detail_failed);
  g_test_add_func ("/hassbench/panes/entity-search", test_entity_search);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
