/* test-timeline.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline's entity lanes in the real window against a real hassbench-host: motion
 * on, motion off, the clock stepped past the off job; the motion sensor's lane holds its
 * states at the virtual times they changed, the widget grows with its lanes, the tooltip
 * names the state under the pointer, and a replay (dragging the playhead back) rebuilds
 * the lanes from the fresh host's models.
 */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>
#include <hassbench.h>

#include "hb-application.h"
#include "hb-json-item.h"
#include "hb-timeline.h"
#include "hb-window.h"
#include "hb-window-test-util.h"
#include "hb-window-private.h"

#define MOTION "binary_sensor.hallway_motion"

static HbApplication *app;

static void
apply_json (HbWindow   *window,
            const char *json)
{
  hb_test_apply_json (window, json, NULL);
  g_assert_cmpstr (hb_session_get_last_error (hb_window_get_session (window)), ==, NULL);
}

static gint64
clock_now (HbWindow *window)
{
  g_autoptr(GDateTime) now =
    g_date_time_new_from_iso8601 (hb_session_get_clock_now (hb_window_get_session (window)),
                                  NULL);

  g_assert_nonnull (now);
  return hb_date_time_to_usec (now);
}

/* "state@seconds-after-@origin ..." of the segments from @origin on. */
static char *
describe_since (HbEntityHistory *history,
                const char      *entity_id,
                gint64           origin)
{
  guint n;
  const HbStateSegment *segments = hb_entity_history_get_segments (history, entity_id, &n);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    if (segments[i].start >= origin)
      g_string_append_printf (text, "%s%s@%" G_GINT64_FORMAT, text->len > 0 ? " " : "",
                              segments[i].state != NULL ? segments[i].state : "-",
                              (segments[i].start - origin) / G_USEC_PER_SEC);
  return g_string_free (text, FALSE);
}

static gboolean
lanes_contain (const GPtrArray *lanes,
               const char      *entity_id)
{
  for (guint i = 0; i < lanes->len; i++)
    if (g_str_equal (g_ptr_array_index (lanes, i), entity_id))
      return TRUE;
  return FALSE;
}

static void
test_motion_lane (void)
{
  HbWindow *window = hb_test_open_window (app, "motion-lights");
  HbSession *session = hb_window_get_session (window);
  HbTimeline *timeline = window->timeline;
  HbEntityHistory *history = hb_timeline_get_history (timeline);
  const GPtrArray *lanes;
  guint n_more = 99;
  gint64 t0, t_off, after_job;
  int min_height_before, min_height, nat;
  g_autofree char *segments = NULL;
  g_autofree char *replayed = NULL;

  gtk_widget_measure (GTK_WIDGET (timeline), GTK_ORIENTATION_VERTICAL, -1,
                      &min_height_before, &nat, NULL, NULL);
  lanes = hb_timeline_get_lanes (timeline, &n_more);
  g_assert_cmpuint (lanes->len, ==, 0);
  g_assert_cmpuint (n_more, ==, 0);

  apply_json (window, "{\"kind\": \"set_state\", \"entity_id\": \"" MOTION "\","
                      " \"state\": \"off\"}");
  apply_json (window, "{\"kind\": \"advance_time\", \"by\": \"1m\"}");
  t0 = clock_now (window);
  apply_json (window, "{\"kind\": \"simulate_state_change\", \"entity_id\": \"" MOTION "\","
                      " \"old_value\": \"off\", \"new_value\": \"on\"}");
  apply_json (window, "{\"kind\": \"advance_time\", \"by\": \"1m\"}");
  t_off = clock_now (window);
  g_assert_cmpint (t_off - t0, ==, 60 * G_USEC_PER_SEC);
  apply_json (window, "{\"kind\": \"simulate_state_change\", \"entity_id\": \"" MOTION "\","
                      " \"old_value\": \"on\", \"new_value\": \"off\"}");
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_jobs (session)), ==, 1);

  /* Step the clock past the off job: the app turns the light off 5 minutes later. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-job", NULL));
  hb_test_wait_until (window, hb_test_is_idle, NULL, "next-job");
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_jobs (session)), ==, 0);
  after_job = clock_now (window);
  g_assert_cmpint (after_job - t_off, ==, 300 * G_USEC_PER_SEC);

  /* On from t0, off from a minute later; nothing after (the off job calls turn_off, which
   * the harness records without changing a state). */
  segments = describe_since (history, MOTION, t0);
  g_assert_cmpstr (segments, ==, "on@0 off@60");
  {
    guint n;
    const HbStateSegment *all = hb_entity_history_get_segments (history, MOTION, &n);
    int at_t0 = hb_entity_history_find (history, MOTION, t0);

    /* Before motion: the state set_state gave it. */
    g_assert_cmpint (at_t0, >, 0);
    g_assert_cmpstr (all[at_t0 - 1].state, ==, "off");
    g_assert_cmpint (all[at_t0 - 1].start, <=, t0 - 60 * G_USEC_PER_SEC);
    g_assert_cmpstr (all[at_t0].state, ==, "on");
    g_assert_cmpint (all[at_t0].start, ==, t0);
  }

  /* The sensor has a lane, and the widget grew by it. */
  lanes = hb_timeline_get_lanes (timeline, &n_more);
  g_assert_true (lanes_contain (lanes, MOTION));
  g_assert_cmpuint (n_more, ==, 0);
  gtk_widget_measure (GTK_WIDGET (timeline), GTK_ORIENTATION_VERTICAL, -1,
                      &min_height, &nat, NULL, NULL);
  g_assert_cmpint (min_height, >, min_height_before);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The tooltip over the lane, 30 s after motion: on, from t0 to a minute later. */
  {
    int height = gtk_widget_get_height (GTK_WIDGET (timeline));
    double x = -1;
    g_autofree char *tooltip = NULL;
    g_autofree char *track = NULL;

    g_assert_cmpint (height, >=, min_height);
    /* Find the x of t0 + 30 s (x maps to time linearly). */
    {
      double width = gtk_widget_get_width (GTK_WIDGET (timeline));
      gint64 left = hb_timeline_time_at (timeline, 0);
      gint64 right = hb_timeline_time_at (timeline, width);

      x = (t0 + 30 * G_USEC_PER_SEC - left) / (double) (right - left) * width;
    }
    tooltip = hb_timeline_describe_at (timeline, x, height - 10);
    g_assert_nonnull (strstr (tooltip, MOTION));
    g_assert_nonnull (strstr (tooltip, "on from"));
    track = hb_timeline_describe_at (timeline, x, 10);
    g_assert_cmpstr (track, ==, gtk_widget_get_tooltip_text (GTK_WIDGET (timeline)));
  }

  /* Drag the playhead back before the motion cleared: a replay in a fresh host. The lane
   * is rebuilt from the new models: on since t0, and still on. */
  g_signal_emit_by_name (timeline, "seek", t0 + 30 * G_USEC_PER_SEC);
  hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the replay");
  g_assert_cmpint (clock_now (window), <, t_off);
  replayed = describe_since (history, MOTION, t0);
  g_assert_cmpstr (replayed, ==, "on@0");
  lanes = hb_timeline_get_lanes (timeline, &n_more);
  g_assert_true (lanes_contain (lanes, MOTION));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* More entities change than there are lanes: the most recent get one, by name, and the
 * others are counted (and named in the tooltip). The window's pane gives the timeline the
 * height its lanes ask for. */
static void
test_many_entities (void)
{
  HbWindow *window = hb_test_open_window (app, "motion-lights");
  HbTimeline *timeline = window->timeline;
  const GPtrArray *lanes;
  guint n_more = 0;
  int min_height, nat;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *step =
        g_strdup_printf ("{\"kind\": \"simulate_state_change\", \"entity_id\": \"switch.s%u\","
                         " \"old_value\": \"off\", \"new_value\": \"on\"}", 9 - i);

      apply_json (window, step);
      apply_json (window, "{\"kind\": \"advance_time\", \"by\": \"10s\"}");
    }

  /* s9 changed first, s0 last: s9 and s8 have no lane. */
  lanes = hb_timeline_get_lanes (timeline, &n_more);
  g_assert_cmpuint (lanes->len, ==, 8);
  g_assert_cmpuint (n_more, ==, 2);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *expected = g_strdup_printf ("switch.s%u", i);

      g_assert_cmpstr (g_ptr_array_index (lanes, i), ==, expected);
    }

  gtk_widget_measure (GTK_WIDGET (timeline), GTK_ORIENTATION_VERTICAL, -1,
                      &min_height, &nat, NULL, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (min_height, >, 8 * 20);
  /* Not clipped: the pane it is in gives it the room it asks for. */
  {
    GtkWidget *paned = gtk_widget_get_ancestor (GTK_WIDGET (timeline), GTK_TYPE_PANED);

    g_assert_cmpint (gtk_paned_get_position (GTK_PANED (paned)), >=, min_height);
  }

  /* The "+2 more" line is the last one: its tooltip names the two. */
  {
    int height = gtk_widget_get_height (GTK_WIDGET (timeline));
    g_autofree char *more = hb_timeline_describe_at (timeline, 10, height - 5);
    g_autofree char *lane = hb_timeline_describe_at (timeline, 10, height - 30);

    g_assert_nonnull (strstr (more, "switch.s8"));
    g_assert_nonnull (strstr (more, "switch.s9"));
    g_assert_null (strstr (more, "switch.s7"));
    g_assert_nonnull (strstr (lane, "switch.s7"));
  }

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
  /* GtkApplication warns (fatally, in tests) without a session bus. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_print ("1..0 # SKIP no session bus (run under dbus-run-session)\n");
      return 0;
    }

  gtk_test_init (&argc, &argv, NULL);

  app = hb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/hassbench/timeline/motion-lane", test_motion_lane);
  g_test_add_func ("/hassbench/timeline/many-entities", test_many_entities);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
