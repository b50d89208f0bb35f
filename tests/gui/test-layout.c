/* test-layout.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's layout, for real under Xvfb with a real host: it fits the default size
 * (1280 px wide) in English and in German, the panes' Add Assertion buttons follow their
 * selection, and time columns show a short time with the whole instant in the tooltip.
 * German runs in a subprocess started with LANGUAGE=de (glibc reads the catalogue choice
 * once per process as far as GLib's translation check goes).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <hassbench.h>
#include <locale.h>

#include "hb-application.h"
#include "hb-json-item.h"
#include "hb-time-columns.h"
#include "hb-window.h"
#include "hb-window-test-util.h"
#include "hb-window-private.h"

/* The GSettings default window width (in the schema under data/). */
#define DEFAULT_WIDTH 1280
/* Narrower still, for a small laptop screen or a tiled half of a wide one. */
#define NARROW_WIDTH 1024

static HbApplication *app;

static gboolean
fail_timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* A window with motion-lights in its example house. */
static HbWindow *
open_loaded (void)
{
  HbWindow *window = hb_test_open_window (app, NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-example", "s",
                                             "motion-lights"));
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the app to load");
  return window;
}

static int
min_width (GtkWidget *widget)
{
  int min = 0, nat = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  return min;
}

static void
check_min_width (void)
{
  HbWindow *window = open_loaded ();
  GtkWidget *toolbar = gtk_widget_get_parent (GTK_WIDGET (window->clock_label));
  int window_min = min_width (GTK_WIDGET (window));

  g_test_message ("minimum widths: window %d, header %d, toolbar %d, notebook %d", window_min,
                  min_width (GTK_WIDGET (window->header_bar)), min_width (toolbar),
                  min_width (GTK_WIDGET (window->notebook)));
  g_assert_cmpint (window_min, <=, DEFAULT_WIDTH);
  g_assert_cmpint (window_min, <=, NARROW_WIDTH);
  g_assert_cmpint (min_width (toolbar), <=, NARROW_WIDTH);

  /* Shown at the default size, the window keeps it rather than growing past it. */
  gtk_window_set_default_size (GTK_WINDOW (window), DEFAULT_WIDTH, 800);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, DEFAULT_WIDTH);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_min_width_english (void)
{
  check_min_width ();
}

static void
test_min_width_german (void)
{
  if (g_test_subprocess ())
    {
      /* Without the built catalogue this would measure English again. */
      if (g_strcmp0 (_("_Cancel"), "_Abbrechen") != 0)
        {
          g_test_skip ("the German catalogue is not built (HB_LOCALEDIR)");
          return;
        }
      check_min_width ();
      return;
    }

  g_setenv ("LANGUAGE", "de", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                   G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("LANGUAGE");
  g_test_trap_assert_passed ();
}

/* (transfer none) (nullable): the first button under @root bound to @action */
static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      found = find_actionable (child, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_add_assertion_follows_selection (void)
{
  HbWindow *window = open_loaded ();
  GtkWidget *button = find_actionable (GTK_WIDGET (window), "win.add-assertion-entities");
  GtkSelectionModel *selection = gtk_column_view_get_model (window->entities_view);

  guint guard = g_timeout_add_seconds (30, fail_timeout_cb, (gpointer) "the entity rows");

  /* The view's models (filter, sort) may fill after the session's. */
  while (g_list_model_get_n_items (G_LIST_MODEL (selection)) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_assert_nonnull (button);

  /* Nothing selected: the button cannot be pressed (no "select a row" error banner). */
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==,
                    GTK_INVALID_LIST_POSITION);
  g_assert_false (gtk_widget_get_sensitive (button));
  for (const char *const *name = (const char *const[]) { "win.add-assertion-calls",
                                                         "win.add-assertion-jobs",
                                                         "win.add-assertion-errors",
                                                         NULL };
       *name != NULL; name++)
    {
      GtkWidget *other = find_actionable (GTK_WIDGET (window), *name);

      g_assert_nonnull (other);
      g_assert_false (gtk_widget_get_sensitive (other));
    }

  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_get_sensitive (button));
  /* Only the pane with a selection. */
  g_assert_false (gtk_widget_get_sensitive (find_actionable (GTK_WIDGET (window),
                                                             "win.add-assertion-calls")));

  gtk_selection_model_unselect_item (selection, 0);
  g_assert_false (gtk_widget_get_sensitive (button));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* (transfer none) (nullable): a cell under @root whose tooltip is @tooltip */
static GtkWidget *
find_time_cell (GtkWidget  *root,
                const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *text = hb_time_columns_dup_tooltip (child);
      GtkWidget *found;

      if (g_strcmp0 (text, tooltip) == 0)
        return child;
      found = find_time_cell (child, tooltip);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_time_columns_short_with_tooltip (void)
{
  HbWindow *window = open_loaded ();
  HbSession *session = hb_window_get_session (window);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (hb_session_get_clock_now (session),
                                                          NULL);
  g_autofree char *full = g_date_time_format (now, "%Y-%m-%d %H:%M:%S %:z");
  g_autofree char *day_time = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *same_day = hb_time_columns_format_instant ("2024-06-01T07:05:00+02:00",
                                                              "2024-06-01T23:00:00+02:00");
  g_autofree char *other_day = hb_time_columns_format_instant ("2024-06-01T07:05:00+02:00",
                                                               "2024-06-02T01:00:00+02:00");
  g_autofree char *no_clock = hb_time_columns_format_instant ("2024-06-01T07:05:00+02:00", NULL);
  GtkWidget *cell;
  guint guard;

  g_assert_cmpstr (same_day, ==, "07:05:00");
  g_assert_cmpstr (other_day, ==, "2024-06-01 07:05");
  g_assert_cmpstr (no_clock, ==, "2024-06-01 07:05");

  /* Fire motion at the clock's time: the sensor's Last Changed is now, shown as the time
   * of day, with the whole instant in its tooltip. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) step = hb_json_object_from_string (
      "{\"kind\": \"simulate_state_change\", \"entity_id\": \"binary_sensor.hallway_motion\","
      " \"old_value\": \"off\", \"new_value\": \"on\"}", &error);

    g_assert_no_error (error);
    hb_session_apply_async (session, step, NULL, NULL, NULL);
  }
  guard = g_timeout_add_seconds (30, fail_timeout_cb, (gpointer) "the cell to show");
  while ((cell = find_time_cell (GTK_WIDGET (window->entities_view), full)) == NULL ||
         hb_session_get_busy (session))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  g_assert_true (GTK_IS_INSCRIPTION (cell));
  g_assert_cmpstr (gtk_inscription_get_text (GTK_INSCRIPTION (cell)), ==, day_time);
  g_assert_true (gtk_widget_get_has_tooltip (cell));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("HB_LOCALEDIR");
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

  /* LANGUAGE is ignored in the plain "C" locale; C.UTF-8 is built into glibc. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);
  /* As main.c does, before GTK reads the locale (gtk_test_init would force en_US). */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : "/nonexistent");
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  g_test_set_nonfatal_assertions ();

  app = hb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/hassbench/layout/min-width/english", test_min_width_english);
  g_test_add_func ("/hassbench/layout/min-width/german", test_min_width_german);
  g_test_add_func ("/hassbench/layout/add-assertion-follows-selection",
                   test_add_assertion_follows_selection);
  g_test_add_func ("/hassbench/layout/time-columns-short-with-tooltip",
                   test_time_columns_short_with_tooltip);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
