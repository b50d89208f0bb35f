/* bench-gui-frames.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frame times of the real workbench window with big models: a 100,000-entity import
 * (scrolled, then filtered; the filter's result is checked) and a 1,000,000-row event log
 * (appended live, scrolled, then sorted if the pane is sortable: the event log makes its
 * items on demand and is not, so that phase is reported as skipped). Imported and appended
 * rows stream from a process that writes them as fast as it can, through the window's own
 * host client (see writer_start). Peak memory and the event log's bytes per row are
 * printed after each half.
 *
 * A tick callback keeps the window's frame clock running and drives one step per frame;
 * the frame clock's "before-paint"/"after-paint" signals give each frame's start
 * and end on the monotonic clock. A frame's time is the interval from the previous
 * frame's start to its own start, so main-loop work between frames (incremental filter
 * and sort steps, the host's lines read) counts against the frame it delays. Beside it: the
 * main thread's CPU time over the same interval, which a busy machine (other builds, the
 * X server on the same CPUs) inflates far less than the wall clock.
 *
 * Usage: bench-gui-frames [--entities | --events]; HB_BENCH_ENTITIES and HB_BENCH_EVENTS
 * change the sizes, HB_BENCH_LONG_FRAMES lists frames over 50 ms with their spans (for
 * perf record -k CLOCK_MONOTONIC).
 *
 * Figures only: the 50 ms budget is printed as information and the program never fails
 * on time. Without a display it prints "SKIP: no display" and exits 0.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include <gtk/gtk.h>

#include "hb-application.h"
#include "hb-event-log.h"
#include "hb-host-client.h"
#include "hb-json-item.h"
#include "hb-session-private.h"
#include "hb-slot-model.h"
#include "hb-window-private.h"

#define EVENT_BATCH      256     /* rows the writer makes at a time */
#define SCROLL_FRAMES    600
#define SORTED_APPENDS   51200   /* rows appended while the log is sorted */
#define BUDGET_MS        50.0
#define WINDOW_WIDTH     1200
#define WINDOW_HEIGHT    900

typedef enum {
  PHASE_NONE,
  PHASE_BASELINE,
  PHASE_IMPORT,
  PHASE_SCROLL_ENTITIES,
  PHASE_FILTER_ENTITIES,
  PHASE_APPEND_EVENTS,
  PHASE_SCROLL_EVENTS,
  PHASE_SORT_EVENTS,
  PHASE_SCROLL_SORTED,
  PHASE_APPEND_SORTED,
  N_PHASES
} Phase;

static const char *phase_names[N_PHASES] = {
  "none",
  "idle-baseline",
  "import-entities",
  "scroll-entities",
  "filter-entities",
  "append-events",
  "scroll-events",
  "sort-events",
  "scroll-sorted-events",
  "append-sorted-events",
};

typedef struct
{
  gint64 start;   /* before-paint, monotonic usec */
  gint64 end;     /* after-paint */
  gint64 cpu;     /* the main thread's CPU time at before-paint, usec */
  Phase  phase;
} Frame;

/* One step per frame; returns FALSE when the phase is over. */
typedef gboolean (*StepFunc) (guint frame);

/* HB_BENCH_ENTITIES and HB_BENCH_EVENTS override the sizes (for profiling). */
static guint      n_entities = 100000;
static guint      n_events = 1000000;
static HbWindow  *window;
static GArray    *frames;        /* Frame */
static Phase      phase;
static StepFunc   step_func;
static guint      phase_frame;
static gboolean   phase_done;
static gint64     import_usec;    /* from the writer's start to the last row in */
static gint64     import_started;
static gint64     append_usec;
static guint      n_appended;
static guint      append_target;
static guint      n_batches;
static gint64     sort_usec;

static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       user_data)
{
  Frame frame = { g_get_monotonic_time (), 0, thread_cpu_usec (), phase };

  g_array_append_val (frames, frame);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  if (frames->len > 0)
    g_array_index (frames, Frame, frames->len - 1).end = g_get_monotonic_time ();
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  if (step_func != NULL && !phase_done)
    {
      if (!step_func (phase_frame++))
        phase_done = TRUE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  guint *guard = user_data;

  *guard = 0;
  g_printerr ("bench-gui-frames: phase %s did not finish in time; results so far follow\n",
              phase_names[phase]);
  phase_done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_phase (Phase    which,
           StepFunc func,
           guint    limit_seconds)
{
  guint guard = 0;

  guard = g_timeout_add_seconds (limit_seconds, timeout_cb, &guard);

  phase = which;
  phase_frame = 0;
  phase_done = FALSE;
  step_func = func;
  while (!phase_done)
    g_main_context_iteration (NULL, TRUE);
  step_func = NULL;
  phase = PHASE_NONE;
  g_clear_handle_id (&guard, g_source_remove);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

typedef struct
{
  guint  n;
  double max;
  double median;
  double p95;
  double paint_max;
  double cpu_max;
  double cpu_median;
} Stats;

/* Intervals between successive frame starts within @which (the first frame of a phase
 * has no predecessor in it and only contributes its paint time). */
static Stats
phase_stats (Phase which)
{
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  Stats stats = { 0, };

  for (guint i = 0; i < frames->len; i++)
    {
      Frame *f = &g_array_index (frames, Frame, i);

      if (f->phase != which)
        continue;
      if (f->end > f->start)
        stats.paint_max = MAX (stats.paint_max, (f->end - f->start) / 1000.0);
      if (i > 0 && g_array_index (frames, Frame, i - 1).phase == which)
        {
          double ms = (f->start - g_array_index (frames, Frame, i - 1).start) / 1000.0;
          double cpu_ms = (f->cpu - g_array_index (frames, Frame, i - 1).cpu) / 1000.0;

          g_array_append_val (intervals, ms);
          g_array_append_val (cpu, cpu_ms);
        }
    }

  stats.n = intervals->len;
  if (stats.n == 0)
    return stats;
  qsort (intervals->data, intervals->len, sizeof (double), compare_double);
  stats.max = g_array_index (intervals, double, intervals->len - 1);
  stats.median = g_array_index (intervals, double, intervals->len / 2);
  stats.p95 = g_array_index (intervals, double, (intervals->len * 95) / 100);
  qsort (cpu->data, cpu->len, sizeof (double), compare_double);
  stats.cpu_max = g_array_index (cpu, double, cpu->len - 1);
  stats.cpu_median = g_array_index (cpu, double, cpu->len / 2);
  return stats;
}

/* With HB_BENCH_LONG_FRAMES set, the longest frames' spans on the monotonic clock, to
 * line up with a profiler's samples (perf record -k CLOCK_MONOTONIC). */
static void
print_long_frames (Phase which)
{
  for (guint i = 1; i < frames->len; i++)
    {
      Frame *f = &g_array_index (frames, Frame, i);
      Frame *prev = &g_array_index (frames, Frame, i - 1);

      if (f->phase == which && prev->phase == which && f->start - prev->start > 50000)
        g_print ("long frame %s: %" G_GINT64_FORMAT " .. %" G_GINT64_FORMAT " us (%.1f ms)\n",
                 phase_names[which], prev->start, f->start, (f->start - prev->start) / 1000.0);
    }
}

static void
report_phase (Phase  which,
              guint  rows,
              double baseline_median,
              gboolean budgeted)
{
  Stats s = phase_stats (which);

  if (g_getenv ("HB_BENCH_LONG_FRAMES") != NULL)
    print_long_frames (which);

  g_print ("%-21s rows %7u  frames %4u  max frame %7.1f ms  median %5.1f ms  p95 %6.1f ms"
           "  longest paint %6.1f ms  main-thread CPU per frame: max %6.1f ms, median %5.1f ms\n",
           phase_names[which], rows, s.n, s.max, s.median, s.p95, s.paint_max,
           s.cpu_max, s.cpu_median);
  if (baseline_median > 0 && s.n > 0)
    g_print ("ratio %s max/baseline-median %.2f, median/baseline-median %.2f\n",
             phase_names[which], s.max / baseline_median, s.median / baseline_median);
  if (budgeted)
    g_print ("budget %s: %.0f ms, max %.1f ms: %s (information only)\n",
             phase_names[which], BUDGET_MS, s.max, s.max <= BUDGET_MS ? "PASS" : "OVER");
}

/* Test data *************************************************************************/

static const char *rooms[] = {
  "kitchen", "living_room", "bedroom", "bathroom", "hallway",
  "office", "garage", "attic", "basement", "garden",
};

static const struct {
  const char *domain;
  const char *kind;
  const char *unit;
} kinds[] = {
  { "sensor", "temperature", "°C" },
  { "sensor", "humidity", "%" },
  { "binary_sensor", "motion", NULL },
  { "light", "ceiling", NULL },
  { "switch", "socket", NULL },
};

static char *
entity_id_for (guint i)
{
  guint k = i % G_N_ELEMENTS (kinds);

  return g_strdup_printf ("%s.%s_%05u_%s", kinds[k].domain,
                          rooms[(i / G_N_ELEMENTS (kinds)) % G_N_ELEMENTS (rooms)], i,
                          kinds[k].kind);
}

static JsonObject *
make_state (guint i)
{
  guint k = i % G_N_ELEMENTS (kinds);
  g_autofree char *entity_id = entity_id_for (i);
  g_autofree char *name = g_strdup_printf ("%s %u %s",
                                           rooms[(i / G_N_ELEMENTS (kinds)) % G_N_ELEMENTS (rooms)],
                                           i, kinds[k].kind);
  g_autofree char *value = NULL;
  g_autofree char *context_id = g_strdup_printf ("01HZX%021u", i);
  JsonObject *state = json_object_new ();
  JsonObject *attributes = json_object_new ();
  JsonObject *context = json_object_new ();

  if (kinds[k].unit != NULL)
    value = g_strdup_printf ("%u.%u", 15 + i % 15, i % 10);
  else
    value = g_strdup (i % 3 == 0 ? "on" : "off");

  json_object_set_string_member (attributes, "friendly_name", name);
  if (kinds[k].unit != NULL)
    {
      json_object_set_string_member (attributes, "unit_of_measurement", kinds[k].unit);
      json_object_set_string_member (attributes, "device_class", kinds[k].kind);
      json_object_set_string_member (attributes, "state_class", "measurement");
    }
  json_object_set_string_member (context, "id", context_id);
  json_object_set_null_member (context, "parent_id");
  json_object_set_null_member (context, "user_id");

  json_object_set_string_member (state, "entity_id", entity_id);
  json_object_set_string_member (state, "state", value);
  json_object_set_object_member (state, "attributes", attributes);
  json_object_set_string_member (state, "last_changed", "2024-06-01T07:05:00.123456+00:00");
  json_object_set_string_member (state, "last_updated", "2024-06-01T07:05:00.123456+00:00");
  json_object_set_object_member (state, "context", context);
  return state;
}

static GPtrArray *
make_entity_batch (guint first,
                   guint n)
{
  GPtrArray *batch = g_ptr_array_new_full (n, (GDestroyNotify) json_object_unref);

  for (guint i = first; i < first + n; i++)
    {
      JsonObject *obs = json_object_new ();
      g_autofree char *entity_id = entity_id_for (i);

      json_object_set_string_member (obs, "event", "state");
      json_object_set_string_member (obs, "entity_id", entity_id);
      json_object_set_null_member (obs, "old");
      json_object_set_object_member (obs, "new", make_state (i));
      g_ptr_array_add (batch, obs);
    }
  return batch;
}

static GPtrArray *
make_event_batch (guint first,
                  guint n)
{
  GPtrArray *batch = g_ptr_array_new_full (n, (GDestroyNotify) json_object_unref);

  for (guint i = first; i < first + n; i++)
    {
      JsonObject *obs = json_object_new ();
      JsonObject *event = json_object_new ();
      JsonObject *data = json_object_new ();
      JsonObject *report = json_object_new ();
      JsonArray *ran = json_array_new ();
      JsonArray *filtered = json_array_new ();
      JsonObject *why = json_object_new ();
      g_autofree char *entity_id = entity_id_for (i % n_entities);

      json_object_set_string_member (data, "entity_id", entity_id);
      json_object_set_string_member (data, "old_state", i % 2 ? "off" : "on");
      json_object_set_string_member (data, "new_state", i % 2 ? "on" : "off");
      json_object_set_int_member (event, "seq", i);
      json_object_set_string_member (event, "topic",
                                     i % 7 == 0 ? "hass.event.call_service"
                                                : "hass.event.state_changed");
      json_object_set_string_member (event, "entity_id", entity_id);
      json_object_set_object_member (event, "data", data);

      json_array_add_string_element (ran, i % 3 == 0 ? "on_motion" : "on_temperature");
      json_object_set_string_member (why, "listener", "on_door");
      json_object_set_string_member (why, "reason", "entity_id does not match binary_sensor.door");
      json_array_add_object_element (filtered, why);
      json_object_set_array_member (report, "ran", ran);
      json_object_set_array_member (report, "filtered", filtered);
      json_object_set_array_member (report, "skipped", json_array_new ());

      /* The host names the bus event "bus_event": "event" is the observation's kind. */
      json_object_set_string_member (obs, "event", "dispatch");
      json_object_set_object_member (obs, "bus_event", event);
      json_object_set_object_member (obs, "report", report);
      g_ptr_array_add (batch, obs);
    }
  return batch;
}

/*
 * The host's lines come from a real process (this program, run with --write-events or
 * --write-entities: it writes them as fast as the pipe takes them) through a real
 * HbHostClient, which reads, parses and hands them to the session in slices, as in the
 * window. So the frames measure the whole way in, host to pane, with a host that writes
 * faster than the window can read.
 */
static HbHostClient *writer;

static void
writer_observations_cb (HbHostClient *client,
                        GPtrArray    *batch,
                        gpointer      user_data)
{
  gint64 t0 = g_get_monotonic_time ();

  _hb_session_apply_observations (hb_window_get_session (window), batch);
  append_usec += g_get_monotonic_time () - t0;
  n_appended += batch->len;
  n_batches++;
}

/* Starts a process that writes @n observation lines of @kind ("events" or "entities"),
 * numbered from @first. */
static void
writer_start (const char *kind,
              guint       first,
              guint       n)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *option = g_strdup_printf ("--write-%s", kind);
  g_autofree char *first_text = g_strdup_printf ("%u", first);
  g_autofree char *n_text = g_strdup_printf ("%u", n);
  const char *argv[] = { self_path, option, first_text, n_text, NULL };
  g_autoptr(GError) error = NULL;

  writer = hb_host_client_new (argv);
  g_signal_connect (writer, "observations", G_CALLBACK (writer_observations_cb), NULL);
  if (!hb_host_client_spawn (writer, &error))
    g_error ("bench-gui-frames: cannot start its writer: %s", error->message);
}

static void
writer_stop (void)
{
  hb_host_client_terminate (writer);
  g_clear_object (&writer);
}

/* The writer's side: lines on stdout, as the host writes them. */
static int
write_lines (const char *kind,
             guint       first,
             guint       n)
{
  for (guint made = 0; made < n; made += EVENT_BATCH)
    {
      guint count = MIN (EVENT_BATCH, n - made);
      g_autoptr(GPtrArray) batch = g_str_equal (kind, "events")
        ? make_event_batch (first + made, count) : make_entity_batch (first + made, count);

      for (guint i = 0; i < batch->len; i++)
        {
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (),
                                                            g_ptr_array_index (batch, i));
          g_autofree char *text = json_to_string (node, FALSE);

          fputs (text, stdout);
          fputc ('\n', stdout);
        }
    }
  return fflush (stdout) == 0 ? 0 : 1;
}

/* Phases ****************************************************************************/

static GtkAdjustment *
vadjustment_of (GtkColumnView *view)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
}

static GtkFilterListModel *
filter_model_of (GtkColumnView *view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  while (model != NULL && !GTK_IS_FILTER_LIST_MODEL (model))
    {
      if (GTK_IS_SINGLE_SELECTION (model))
        model = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model));
      else if (HB_IS_SLOT_MODEL (model))
        model = hb_slot_model_get_model (HB_SLOT_MODEL (model));
      else if (GTK_IS_SORT_LIST_MODEL (model))
        model = gtk_sort_list_model_get_model (GTK_SORT_LIST_MODEL (model));
      else
        return NULL;
    }
  return GTK_FILTER_LIST_MODEL (model);
}

static GtkSortListModel *
sort_model_of (GtkColumnView *view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  if (GTK_IS_SINGLE_SELECTION (model))
    model = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model));
  return GTK_IS_SORT_LIST_MODEL (model) ? GTK_SORT_LIST_MODEL (model) : NULL;
}

static void
show_page_of (GtkColumnView *view)
{
  GtkWidget *w = GTK_WIDGET (view);

  while (w != NULL && gtk_notebook_page_num (window->notebook, w) < 0)
    w = gtk_widget_get_parent (w);
  g_assert (w != NULL);
  gtk_notebook_set_current_page (window->notebook, gtk_notebook_page_num (window->notebook, w));
}

static gboolean
baseline_step (guint frame)
{
  return frame < 120;
}

/* The host's lines stream in; then the view settles. */
static gboolean
import_step (guint frame)
{
  GtkFilterListModel *filtered = filter_model_of (window->entities_view);

  if (frame == 0)
    {
      import_started = g_get_monotonic_time ();
      writer_start ("entities", 0, n_entities);
    }
  if (n_appended < n_entities)
    {
      phase_frame = 1;
      return TRUE;
    }
  if (import_usec == 0)
    import_usec = g_get_monotonic_time () - import_started;
  /* Let the view show the rows for a while after the incremental filter caught up. */
  if (gtk_filter_list_model_get_pending (filtered) > 0)
    {
      phase_frame = 1;
      return TRUE;
    }
  return frame < 60;
}

static GtkColumnView *scroll_view;

/* Top to bottom in SCROLL_FRAMES frames: every frame shows a new page of rows, the
 * worst case for binding (a scrollbar drag). */
static gboolean
scroll_step (guint frame)
{
  GtkAdjustment *adj = vadjustment_of (scroll_view);
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  if (frame == 0)
    {
      gtk_adjustment_set_value (adj, 0);
      return TRUE;
    }
  if (frame > SCROLL_FRAMES)
    return gtk_adjustment_get_value (adj) < end - 1 && frame < SCROLL_FRAMES + 30;
  gtk_adjustment_set_value (adj, end * frame / SCROLL_FRAMES);
  return TRUE;
}

/* Types a query one character every 12 frames (about 200 ms: past the search entry's
 * delay, so every keystroke refilters), waits for the filter, then clears it. */
static const char filter_query[] = "kitchen_0004";
static guint filter_wait_from;
static guint filter_matched;

/* The rows the query should leave, counted without the window: the figures above are
 * only worth something if the filter filtered. */
static void
check_filter (void)
{
  GListModel *entities = hb_session_get_entities (hb_window_get_session (window));
  GtkFilterListModel *filtered = filter_model_of (window->entities_view);
  g_autoptr(HbTextNeedle) needle = hb_text_needle_new (filter_query);
  guint expected = 0;

  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (entities, i);

      if (hb_json_item_match (item, "entity_id", needle) ||
          hb_json_item_match (item, "state", needle))
        expected++;
    }
  g_print ("filter-entities: \"%s\" left %u rows (expected %u), cleared %u (expected %u): %s\n",
           filter_query, filter_matched, expected,
           g_list_model_get_n_items (G_LIST_MODEL (filtered)),
           g_list_model_get_n_items (entities),
           filter_matched == expected &&
           g_list_model_get_n_items (G_LIST_MODEL (filtered)) ==
           g_list_model_get_n_items (entities) ? "ok" : "WRONG");
}

static gboolean
filter_step (guint frame)
{
  GtkFilterListModel *filtered = filter_model_of (window->entities_view);
  guint typed = frame / 12;
  guint len = strlen (filter_query);

  if (typed <= len)
    {
      /* One character more, as typing does: setting the whole text would empty the
       * entry first, and an empty search entry reports at once. */
      if (frame % 12 == 0 && typed > 0)
        {
          int position = typed - 1;

          gtk_editable_insert_text (GTK_EDITABLE (window->entity_search),
                                    filter_query + typed - 1, 1, &position);
        }
      return TRUE;
    }

  if (filter_wait_from == 0)
    {
      if (gtk_filter_list_model_get_pending (filtered) > 0 || frame < (len + 2) * 12)
        return TRUE;
      filter_matched = g_list_model_get_n_items (G_LIST_MODEL (filtered));
      gtk_editable_set_text (GTK_EDITABLE (window->entity_search), "");
      filter_wait_from = frame;
      return TRUE;
    }

  /* Clearing: the search delay, then the full refilter back to every row. */
  if (frame < filter_wait_from + 12 || gtk_filter_list_model_get_pending (filtered) > 0)
    return TRUE;
  return frame < filter_wait_from + 60;
}

/* Waits for the writer's rows, then a few more frames while the pane follows its tail. */
static gboolean
append_step (guint frame)
{
  static guint done_at;

  if (frame == 0)
    done_at = 0;
  if (n_appended < append_target)
    return TRUE;
  if (done_at == 0)
    done_at = frame;
  return frame < done_at + 30;
}

static gint64 sort_started;
static const char *sort_title = "?";

/* Sorts the events by their "Ran" column, as a click on the header does, and waits for
 * the incremental sort to finish. */
static gboolean
sort_step (guint frame)
{
  GtkSortListModel *sorted = sort_model_of (window->events_view);

  if (frame == 0)
    {
      GListModel *columns = gtk_column_view_get_columns (window->events_view);
      g_autoptr(GtkColumnViewColumn) column = NULL;

      /* "Ran" holds JSON arrays: every comparison compares their text. */
      for (guint i = 0; i < g_list_model_get_n_items (columns) && column == NULL; i++)
        {
          g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

          if (g_strcmp0 (gtk_column_view_column_get_title (c), "Ran") == 0)
            column = g_steal_pointer (&c);
        }
      if (column == NULL)
        column = g_list_model_get_item (columns, 0);
      sort_title = gtk_column_view_column_get_title (column);

      sort_started = g_get_monotonic_time ();
      gtk_column_view_sort_by_column (window->events_view, column, GTK_SORT_ASCENDING);
      return TRUE;
    }
  if (gtk_sort_list_model_get_pending (sorted) > 0)
    return TRUE;
  if (sort_usec == 0)
    sort_usec = g_get_monotonic_time () - sort_started;
  return frame < 30 || g_get_monotonic_time () - sort_started - sort_usec < 500000;
}

/* The process's peak resident size, and what the event log's rows take of it. */
static void
print_memory (const char *when)
{
  GListModel *events = hb_session_get_events (hb_window_get_session (window));
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  g_print ("memory %s: peak RSS %.0f MB", when, usage.ru_maxrss / 1024.0);
  if (HB_IS_EVENT_LOG (events) && g_list_model_get_n_items (events) > 0)
    {
      gsize size = hb_event_log_get_size (HB_EVENT_LOG (events));

      g_print ("; event log rows %.1f MB (%.0f bytes/row)", size / 1048576.0,
               (double) size / g_list_model_get_n_items (events));
    }
  g_print ("\n");
}

static void
run_entity_phases (double baseline)
{
  run_phase (PHASE_IMPORT, import_step, 120);
  g_print ("import-entities %u rows streamed in %.1f ms (%.2f us/row, %.2f us/row in the "
           "session), %u batches\n", n_entities, import_usec / 1000.0,
           (double) import_usec / n_entities, (double) append_usec / n_entities, n_batches);
  g_print ("ratio import-entities wall/baseline-median %.1f\n", import_usec / 1000.0 / baseline);
  writer_stop ();
  n_appended = 0;
  n_batches = 0;
  append_usec = 0;
  report_phase (PHASE_IMPORT, n_entities, baseline, FALSE);

  scroll_view = window->entities_view;
  run_phase (PHASE_SCROLL_ENTITIES, scroll_step, 120);
  report_phase (PHASE_SCROLL_ENTITIES, n_entities, baseline, TRUE);

  run_phase (PHASE_FILTER_ENTITIES, filter_step, 120);
  report_phase (PHASE_FILTER_ENTITIES, n_entities, baseline, TRUE);
  check_filter ();
  print_memory ("after the entity phases");
}

static void
run_event_phases (double baseline)
{
  gint64 t0 = g_get_monotonic_time ();

  show_page_of (window->events_view);
  writer_start ("events", 0, n_events);
  append_target = n_events;
  run_phase (PHASE_APPEND_EVENTS, append_step, 600);
  writer_stop ();
  g_print ("append-events %u rows streamed in %u batches in %.1f s (%.0f rows/s); "
           "%.2f us/row in the session, %.2f ms/batch\n",
           n_appended, n_batches, (g_get_monotonic_time () - t0) / 1e6,
           n_appended / ((g_get_monotonic_time () - t0) / 1e6),
           (double) append_usec / MAX (n_appended, 1), append_usec / 1000.0 / MAX (n_batches, 1));
  g_print ("ratio append-events wall-per-batch/baseline-median %.2f\n",
           append_usec / 1000.0 / MAX (n_batches, 1) / baseline);
  report_phase (PHASE_APPEND_EVENTS, n_appended, baseline, TRUE);
  print_memory ("after append-events");

  scroll_view = window->events_view;
  run_phase (PHASE_SCROLL_EVENTS, scroll_step, 120);
  report_phase (PHASE_SCROLL_EVENTS, n_appended, baseline, TRUE);

  /* The event log makes its rows' items on demand, and GTK 4.8's sort model would hold
   * all of them: the events pane is not sortable (see hb_json_columns_set_model). The
   * phases after it then scroll and append to the unsorted log. */
  if (sort_model_of (window->events_view) == NULL)
    {
      g_print ("sort-events: the events pane is not sortable (no sort model); skipped\n");
      g_print ("budget sort-events: %.0f ms: n/a (not sortable)\n", BUDGET_MS);
    }
  else
    {
      run_phase (PHASE_SORT_EVENTS, sort_step, 300);
      g_print ("sort-events by the \"%s\" column: %s in %.1f ms\n", sort_title,
               sort_usec > 0 ? "sorted" : "NOT finished", sort_usec / 1000.0);
      report_phase (PHASE_SORT_EVENTS, n_appended, baseline, TRUE);
    }

  run_phase (PHASE_SCROLL_SORTED, scroll_step, 120);
  report_phase (PHASE_SCROLL_SORTED, n_appended, baseline, TRUE);

  /* The host keeps streaming while the user looks at the sorted log. */
  append_target = n_appended + SORTED_APPENDS;
  append_usec = 0;
  n_batches = 0;
  writer_start ("events", n_appended, SORTED_APPENDS);
  run_phase (PHASE_APPEND_SORTED, append_step, 300);
  writer_stop ();
  g_print ("append-sorted-events wall %.1f ms in the session for %u rows in %u batches "
           "(%.2f ms/batch)\n", append_usec / 1000.0, SORTED_APPENDS, n_batches,
           append_usec / 1000.0 / MAX (n_batches, 1));
  report_phase (PHASE_APPEND_SORTED, n_appended, baseline, TRUE);
}

/* Frame times are wall-clock: on a busy machine (other builds, the X server sharing the
 * CPUs) they grow. The load average says how busy it was; CPU per frame is the main
 * thread's own work, which load barely changes. */
static void
print_load (const char *when)
{
  g_autofree char *text = NULL;

  if (g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    g_print ("load average %s: %s", when, text);
}

static gboolean
is_mapped (void)
{
  return gtk_widget_get_mapped (GTK_WIDGET (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbApplication) app = NULL;
  GdkFrameClock *clock;
  GskRenderer *renderer;
  Stats base;
  /* --entities or --events runs only that half (for profiling one of them). */
  gboolean entities = argc < 2 || g_str_equal (argv[1], "--entities");
  gboolean events = argc < 2 || g_str_equal (argv[1], "--events");

  /* The writer's side (see writer_start). */
  if (argc == 4 && g_str_has_prefix (argv[1], "--write-"))
    return write_lines (argv[1] + strlen ("--write-"), atoi (argv[2]), atoi (argv[3]));

  if (g_getenv ("HB_BENCH_ENTITIES") != NULL)
    n_entities = MAX (1, atoi (g_getenv ("HB_BENCH_ENTITIES")));
  if (g_getenv ("HB_BENCH_EVENTS") != NULL)
    n_events = MAX (1, atoi (g_getenv ("HB_BENCH_EVENTS")));

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("SKIP: no display\n");
      return 0;
    }
  /* The GUI tests draw with cairo under Xvfb; software GL would measure Mesa, not us. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  if (!gtk_init_check ())
    {
      g_print ("SKIP: no display\n");
      return 0;
    }

  app = hb_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_print ("SKIP: cannot register the application: %s\n", error->message);
      return 0;
    }
  g_application_set_default (G_APPLICATION (app));

  frames = g_array_new (FALSE, FALSE, sizeof (Frame));


  window = hb_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  while (!is_mapped ())
    g_main_context_iteration (NULL, TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, NULL, NULL);

  g_print ("GTK %u.%u.%u, renderer %s, window %dx%d; frame = interval between frame starts\n",
           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           renderer ? G_OBJECT_TYPE_NAME (renderer) : "?",
           gtk_widget_get_width (GTK_WIDGET (window)),
           gtk_widget_get_height (GTK_WIDGET (window)));

  print_load ("at start (1, 5, 15 min)");
  show_page_of (window->entities_view);
  run_phase (PHASE_BASELINE, baseline_step, 30);
  base = phase_stats (PHASE_BASELINE);
  report_phase (PHASE_BASELINE, 0, 0, FALSE);

  if (entities)
    run_entity_phases (base.median);
  if (events)
    run_event_phases (base.median);

  print_load ("at end");
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_array_unref (frames);
  return 0;
}
