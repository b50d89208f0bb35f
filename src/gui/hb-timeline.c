/* hb-timeline.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <hassbench.h>

#include <math.h>

#include "hb-entity-history.h"
#include "hb-json-item.h"
#include "hb-timeline.h"

#define USEC 1000000.0
#define PLAYHEAD_FRACTION (1.0 / 3.0)  /* the past gets a third, the future two */
#define MAX_PAST_ROWS 2000             /* the newest calls and errors drawn */
#define TRACK_MIN_HEIGHT 90            /* jobs, calls, errors and the axis */
#define TRACK_NAT_HEIGHT 140
#define MAX_LANES 8                    /* entity lanes; the rest are counted */
#define LANES_TOP 6                    /* between the axis labels and the first lane */
#define LANE_HEIGHT 24
#define LANE_BAR 18
#define MORE_HEIGHT 20                 /* the "+N more" line */

struct _HbTimeline
{
  GtkWidget   parent_instance;

  GListModel *jobs;
  GListModel *calls;
  GListModel *errors;
  gint64      now;       /* 0: no clock */
  GTimeSpan   offset;    /* the clock's UTC offset, for wall-clock tick labels */
  double      span;      /* seconds across the width */
  double      drag_x;    /* playhead x while dragging, or < 0 */

  HbEntityHistory *history;
  GPtrArray       *lanes;   /* the entity ids with a lane, in the order drawn */
  guint            n_more;  /* entities that changed but have no lane */
};

enum {
  SEEK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HbTimeline, hb_timeline, GTK_TYPE_WIDGET)

static gint64
parse_usec (const char *iso,
            GTimeSpan  *offset)
{
  g_autoptr(GDateTime) dt = NULL;

  if (iso == NULL || *iso == '\0')
    return 0;
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  if (dt == NULL)
    return 0;
  if (offset != NULL)
    *offset = g_date_time_get_utc_offset (dt);
  return hb_date_time_to_usec (dt);
}

/* Wall-clock text of @usec in the clock's offset. */
static char *
format_wall (HbTimeline *self,
             gint64      usec,
             const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc ((usec + self->offset) / (gint64) USEC);

  return g_date_time_format (dt, format);
}

/* An instant for a tooltip: the time of day, with the date when not the clock's day. */
static char *
format_instant (HbTimeline *self,
                gint64      usec)
{
  gint64 day = 86400 * (gint64) USEC;
  gboolean same_day = (usec + self->offset) / day == (self->now + self->offset) / day;

  return format_wall (self, usec, same_day ? "%H:%M:%S" : "%Y-%m-%d %H:%M:%S");
}

static gint64
item_time (HbJsonItem *item,
           const char *path)
{
  JsonNode *node = hb_json_item_lookup (item, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return 0;
  return parse_usec (json_node_get_string (node), NULL);
}

static double
x_for (HbTimeline *self,
       gint64      usec,
       double      width)
{
  double origin = width * PLAYHEAD_FRACTION;

  return origin + (usec - self->now) / USEC * (width / self->span);
}

gint64
hb_timeline_time_at (HbTimeline *self,
                     double      x)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double origin = width * PLAYHEAD_FRACTION;

  g_return_val_if_fail (HB_IS_TIMELINE (self), 0);

  if (width <= 0)
    return self->now;
  return self->now + (gint64) ((x - origin) * (self->span / width) * USEC);
}

/* A tick every 1, 5, 15 or 30 s, 1, 5, 15 or 30 min, 1, 3, 6 or 12 h, or 1 day. */
static double
tick_step (double span)
{
  static const double steps[] = { 1, 5, 15, 30, 60, 300, 900, 1800, 3600, 10800, 21600,
                                  43200, 86400 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span / steps[i] <= 12)
      return steps[i];
  return 86400;
}

static void
append_text (GtkSnapshot   *snapshot,
             GtkWidget     *widget,
             const char    *text,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
fill (GtkSnapshot   *snapshot,
      double         x,
      double         y,
      double         w,
      double         h,
      const GdkRGBA *color)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, w, h));
}

/* Lanes ********************************************************************************/

static double
lanes_height (HbTimeline *self)
{
  if (self->lanes->len == 0)
    return 0;
  return LANES_TOP + self->lanes->len * LANE_HEIGHT + (self->n_more > 0 ? MORE_HEIGHT : 0);
}

/* Where the lanes go in @height: all of them below the track when the widget got the
 * height it asked for; else as many as fit, the rest counted in the "+N more" line. */
typedef struct {
  double top;      /* of the first lane; the track ends LANES_TOP above */
  guint  n_shown;
  guint  n_more;
} LaneLayout;

static void
lane_layout (HbTimeline *self,
             double      height,
             LaneLayout *layout)
{
  double full = lanes_height (self);

  if (self->lanes->len == 0)
    *layout = (LaneLayout) { height + LANES_TOP, 0, 0 };
  else if (height - full >= TRACK_MIN_HEIGHT)
    *layout = (LaneLayout) { height - full + LANES_TOP, self->lanes->len, self->n_more };
  else
    {
      double room = height - TRACK_MIN_HEIGHT - LANES_TOP - MORE_HEIGHT;
      guint n_shown = room > 0 ? MIN ((guint) (room / LANE_HEIGHT), self->lanes->len) : 0;

      layout->n_shown = n_shown;
      layout->n_more = self->n_more + self->lanes->len - n_shown;
      layout->top = height - n_shown * LANE_HEIGHT - MORE_HEIGHT;
    }
}

static gboolean
state_in (const char         *state,
          const char * const *states)
{
  return state != NULL && g_strv_contains (states, state);
}

/* States drawn as HA's history graph draws a binary sensor: "on" filled, "off" faint. */
static const char * const on_states[] = {
  "on", "open", "opening", "home", "playing", "unlocked", "active", "detected", NULL
};
static const char * const off_states[] = {
  "off", "closed", "closing", "not_home", "idle", "paused", "standby", "locked",
  "inactive", "clear", NULL
};

static gboolean
is_missing_state (const char *state)
{
  return state == NULL || g_str_equal (state, "unknown") || g_str_equal (state, "unavailable");
}

typedef struct {
  GdkRGBA fg;
  GdkRGBA dim;
  GdkRGBA on;
  GdkRGBA on_text;
  GdkRGBA off;
  GdkRGBA missing;
  GdkRGBA busy;  /* a pixel holding several changes */
  GdkRGBA fill;  /* under a numeric line */
} LaneColors;

/* Other states get a colour of their own in their lane, the same on every redraw: mid
 * tones that read on a light and a dark background, with the text in the foreground
 * colour. */
static GdkRGBA
state_color (HbEntityHistory *history,
             const char      *entity_id,
             const char      *state)
{
  static const GdkRGBA palette[] = {
    { 0.30, 0.47, 0.65, 0.75 }, { 0.95, 0.56, 0.16, 0.75 }, { 0.46, 0.72, 0.70, 0.75 },
    { 0.88, 0.34, 0.35, 0.75 }, { 0.35, 0.63, 0.31, 0.75 }, { 0.93, 0.79, 0.28, 0.75 },
    { 0.69, 0.48, 0.63, 0.75 }, { 0.61, 0.46, 0.37, 0.75 },
  };
  int rank = hb_entity_history_state_rank (history, entity_id, state);

  return palette[(rank >= 0 ? (guint) rank : g_str_hash (state)) % G_N_ELEMENTS (palette)];
}

static void
lane_colors_init (HbTimeline    *self,
                  LaneColors    *colors,
                  const GdkRGBA *fg)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  colors->fg = *fg;
  colors->dim = *fg;
  colors->dim.alpha = 0.55;
  /* The theme's accent where it names one (GTK 4.8: no gtk_widget_get_color either). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &colors->on) &&
      !gtk_style_context_lookup_color (context, "theme_selected_bg_color", &colors->on))
    colors->on = (GdkRGBA) { 0.21, 0.52, 0.89, 1 };
  if (!gtk_style_context_lookup_color (context, "accent_fg_color", &colors->on_text) &&
      !gtk_style_context_lookup_color (context, "theme_selected_fg_color", &colors->on_text))
    colors->on_text = (GdkRGBA) { 1, 1, 1, 1 };
  G_GNUC_END_IGNORE_DEPRECATIONS
  colors->off = *fg;
  colors->off.alpha = 0.16;
  colors->missing = *fg;
  colors->missing.alpha = 0.07;
  colors->busy = *fg;
  colors->busy.alpha = 0.5;
  colors->fill = colors->on;
  colors->fill.alpha = 0.25;
}

static void
append_clipped_text (GtkSnapshot   *snapshot,
                     GtkWidget     *widget,
                     const char    *text,
                     double         x,
                     double         y,
                     double         max_width,
                     const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (layout, (int) (MAX (max_width, 1) * PANGO_SCALE));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* The state text inside its segment, when it fits. */
static void
append_segment_text (GtkSnapshot   *snapshot,
                     GtkWidget     *widget,
                     const char    *text,
                     double         x0,
                     double         x1,
                     double         bar_y,
                     const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = NULL;
  int text_width, text_height;

  if (x1 - x0 < 16)
    return;
  layout = gtk_widget_create_pango_layout (widget, text);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  if (text_width + 6 > x1 - x0)
    return;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (x0 + 3, bar_y + (LANE_BAR - text_height) / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* One lane's segments between the widget's left edge and the playhead. Drawing cost
 * follows the width, not the history: where changes are closer than a pixel, one column
 * shows them all and the walk jumps to the segment at the next pixel. */
static void
append_lane (HbTimeline       *self,
             GtkSnapshot      *snapshot,
             const char       *entity_id,
             double            bar_y,
             double            width,
             const LaneColors *colors)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint n;
  const HbStateSegment *segments = hb_entity_history_get_segments (self->history, entity_id, &n);
  double x_now = x_for (self, self->now, width);
  double right = MIN (x_now, width);
  double min = 0, max = 0, prev_y = -1;
  gboolean numeric = hb_entity_history_is_numeric (self->history, entity_id, &min, &max);
  int i = MAX (hb_entity_history_find (self->history, entity_id,
                                       hb_timeline_time_at (self, 0)), 0);

  while ((guint) i < n)
    {
      const HbStateSegment *segment = &segments[i];
      gint64 end = (guint) i + 1 < n ? segments[i + 1].start : self->now;
      double x0 = x_for (self, segment->start, width);
      double x1 = x_for (self, MIN (end, self->now), width);
      double cx0 = MAX (x0, 0), cx1 = MIN (x1, right);

      if (x0 >= right)
        break;

      if (x1 - x0 < 1 && (guint) i + 1 < n)
        {
          int next;

          fill (snapshot, floor (cx0), bar_y, 1, LANE_BAR, &colors->busy);
          next = hb_entity_history_find (self->history, entity_id,
                                         hb_timeline_time_at (self, floor (cx0) + 1));
          i = MAX (next, i + 1);
          prev_y = -1;
          continue;
        }

      if (cx1 > cx0)
        {
          if (is_missing_state (segment->state))
            {
              fill (snapshot, cx0, bar_y + LANE_BAR / 2.0 - 1, cx1 - cx0, 2, &colors->missing);
              prev_y = -1;
            }
          else if (numeric)
            {
              double level = max > min ? (segment->value - min) / (max - min) : 0.5;
              double y = bar_y + LANE_BAR - 1 - level * (LANE_BAR - 2);

              fill (snapshot, cx0, y, cx1 - cx0, bar_y + LANE_BAR - y, &colors->fill);
              fill (snapshot, cx0, y - 1, cx1 - cx0, 2, &colors->on);
              if (prev_y >= 0 && x0 >= 0)
                fill (snapshot, cx0, MIN (prev_y, y) - 1, 2, fabs (prev_y - y) + 2, &colors->on);
              prev_y = y;
            }
          else if (state_in (segment->state, on_states))
            {
              fill (snapshot, cx0, bar_y, cx1 - cx0, LANE_BAR, &colors->on);
              /* "on" and "off" speak for themselves; "home" or "open" are named. */
              if (!g_str_equal (segment->state, "on"))
                append_segment_text (snapshot, widget, segment->state, cx0, cx1, bar_y,
                                     &colors->on_text);
            }
          else if (state_in (segment->state, off_states))
            {
              fill (snapshot, cx0, bar_y, cx1 - cx0, LANE_BAR, &colors->off);
              if (!g_str_equal (segment->state, "off"))
                append_segment_text (snapshot, widget, segment->state, cx0, cx1, bar_y,
                                     &colors->dim);
            }
          else
            {
              GdkRGBA color = state_color (self->history, entity_id, segment->state);

              fill (snapshot, cx0, bar_y, cx1 - cx0, LANE_BAR, &color);
              /* A hairline between segments so equal-looking neighbours stay apart. */
              if (x0 >= 0)
                fill (snapshot, cx0, bar_y, 1, LANE_BAR, &colors->off);
              append_segment_text (snapshot, widget, segment->state, cx0, cx1, bar_y,
                                   &colors->fg);
            }
        }
      i++;
    }
}

/* The lane's name and its state now, in the empty future beside the playhead. */
static void
append_lane_label (HbTimeline       *self,
                   GtkSnapshot      *snapshot,
                   const char       *entity_id,
                   double            lane_y,
                   double            width,
                   const LaneColors *colors)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double x = x_for (self, self->now, width) + 8;
  int i = hb_entity_history_find (self->history, entity_id, self->now);
  guint n;
  const HbStateSegment *segments = hb_entity_history_get_segments (self->history, entity_id, &n);
  const char *unit = hb_entity_history_get_unit (self->history, entity_id);
  g_autofree char *state = NULL;
  g_autoptr(PangoLayout) state_layout = NULL;
  int state_width = 0, text_height = 0;
  double y;

  if (i >= 0 && segments[i].state != NULL)
    state = unit != NULL && !isnan (segments[i].value)
            ? g_strdup_printf ("%s %s", segments[i].state, unit) : g_strdup (segments[i].state);
  else
    state = g_strdup (_("(none)"));

  state_layout = gtk_widget_create_pango_layout (widget, state);
  pango_layout_get_pixel_size (state_layout, &state_width, &text_height);
  y = lane_y + (LANE_HEIGHT - text_height) / 2.0;

  append_clipped_text (snapshot, widget, entity_id, x, y, width - x - state_width - 24,
                       &colors->fg);
  {
    g_autoptr(PangoLayout) id_layout = gtk_widget_create_pango_layout (widget, entity_id);
    int id_width;

    pango_layout_get_pixel_size (id_layout, &id_width, NULL);
    x = MIN (x + id_width, width - state_width - 16) + 10;
  }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, state_layout, &colors->dim);
  gtk_snapshot_restore (snapshot);
}

static void
append_lanes (HbTimeline       *self,
              GtkSnapshot      *snapshot,
              const LaneLayout *layout,
              double            width,
              const GdkRGBA    *fg)
{
  LaneColors colors;
  double y = layout->top;

  if (layout->n_shown == 0 && layout->n_more == 0)
    return;
  lane_colors_init (self, &colors, fg);

  for (guint i = 0; i < layout->n_shown; i++, y += LANE_HEIGHT)
    {
      const char *entity_id = g_ptr_array_index (self->lanes, i);

      fill (snapshot, 0, y, width, 1, &colors.missing);
      append_lane (self, snapshot, entity_id, y + (LANE_HEIGHT - LANE_BAR) / 2.0, width,
                   &colors);
      append_lane_label (self, snapshot, entity_id, y, width, &colors);
    }

  if (layout->n_more > 0)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("+%u more entity changed",
                                                         "+%u more entities changed",
                                                         layout->n_more), layout->n_more);

      append_text (snapshot, GTK_WIDGET (self), more, x_for (self, self->now, width) + 8,
                   y + 1, &colors.dim);
    }
}

/* The lane under @y, or -1 (-2: the "+N more" line). */
static int
lane_at (HbTimeline *self,
         double      y)
{
  LaneLayout layout;
  int lane;

  lane_layout (self, gtk_widget_get_height (GTK_WIDGET (self)), &layout);
  if (y < layout.top)
    return -1;
  lane = (int) ((y - layout.top) / LANE_HEIGHT);
  if ((guint) lane < layout.n_shown)
    return lane;
  return layout.n_more > 0 && y < layout.top + lane * LANE_HEIGHT + MORE_HEIGHT ? -2 : -1;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* The most recently changed entities get the lanes, shown by name so a lane stays put
 * while the same entities keep changing. */
static void
history_changed_cb (HbEntityHistory *history,
                    HbTimeline      *self)
{
  g_autoptr(GPtrArray) recent = hb_entity_history_dup_recent (history, MAX_LANES);
  double old_height = lanes_height (self);

  g_ptr_array_set_size (self->lanes, 0);
  for (guint i = 0; i < recent->len; i++)
    g_ptr_array_add (self->lanes, g_strdup (g_ptr_array_index (recent, i)));
  g_ptr_array_sort (self->lanes, compare_ids);
  self->n_more = hb_entity_history_get_n_changed (history) - self->lanes->len;

  if (lanes_height (self) != old_height)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
hb_timeline_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  HbTimeline *self = HB_TIMELINE (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  LaneLayout layout;
  double track_height;
  double axis_y;
  double step;
  GdkRGBA fg, dim, job_color = { 0.21, 0.52, 0.89, 1 }, call_color = { 0.18, 0.76, 0.49, 1 },
          error_color = { 0.88, 0.11, 0.14, 1 }, past_bg;
  gint64 first_tick;

  lane_layout (self, height, &layout);
  track_height = layout.top - LANES_TOP;
  axis_y = track_height - 28;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  dim = fg;
  dim.alpha = 0.45;
  past_bg = fg;
  past_bg.alpha = 0.05;

  if (self->now == 0 || width <= 0)
    {
      append_text (snapshot, widget, _("No clock yet: load an app"), 12, height / 2 - 8, &dim);
      return;
    }

  /* The past is shaded. */
  fill (snapshot, 0, 0, x_for (self, self->now, width), height, &past_bg);

  /* Axis and ticks, labelled with the time of day in the clock's own offset. */
  fill (snapshot, 0, axis_y, width, 1, &dim);
  step = tick_step (self->span);
  first_tick = (gint64) (floor ((double) hb_timeline_time_at (self, 0) / (step * USEC)) *
                         step * USEC);
  for (gint64 t = first_tick; x_for (self, t, width) < width; t += (gint64) (step * USEC))
    {
      double x = x_for (self, t, width);
      g_autofree char *label = format_wall (self, t, step < 60 ? "%H:%M:%S" : "%H:%M");

      fill (snapshot, x, axis_y, 1, 6, &dim);
      append_text (snapshot, widget, label, x + 3, axis_y + 6, &dim);
    }

  /* Jobs ahead: a marker and the name. */
  if (self->jobs != NULL)
    {
      guint n = g_list_model_get_n_items (self->jobs);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(HbJsonItem) item = g_list_model_get_item (self->jobs, i);
          gint64 t = item_time (item, "fire_at");
          double x;
          g_autofree char *name = NULL;

          if (t == 0)
            continue;
          x = x_for (self, t, width);
          if (x < 0 || x > width)
            continue;
          name = hb_json_item_dup_text (item, "name");
          fill (snapshot, x - 1, 8, 3, axis_y - 8, &job_color);
          append_text (snapshot, widget, name, x + 4, 8 + (i % 3) * 16, &job_color);
        }
    }

  /* What happened: calls (green) and failed tasks (red), newest rows only. */
  if (self->calls != NULL)
    {
      guint n = g_list_model_get_n_items (self->calls);

      for (guint i = n > MAX_PAST_ROWS ? n - MAX_PAST_ROWS : 0; i < n; i++)
        {
          g_autoptr(HbJsonItem) item = g_list_model_get_item (self->calls, i);
          double x = x_for (self, item_time (item, "time"), width);

          if (x >= 0 && x <= width)
            fill (snapshot, x - 3, axis_y - 14, 6, 6, &call_color);
        }
    }
  if (self->errors != NULL)
    {
      guint n = g_list_model_get_n_items (self->errors);

      for (guint i = n > MAX_PAST_ROWS ? n - MAX_PAST_ROWS : 0; i < n; i++)
        {
          g_autoptr(HbJsonItem) item = g_list_model_get_item (self->errors, i);
          double x = x_for (self, item_time (item, "clock"), width);

          if (x >= 0 && x <= width)
            fill (snapshot, x - 2, 4, 4, axis_y - 4, &error_color);
        }
    }

  append_lanes (self, snapshot, &layout, width, &fg);

  /* The playhead, and where a drag would drop it. */
  fill (snapshot, x_for (self, self->now, width) - 1, 0, 2, height, &fg);
  if (self->drag_x >= 0)
    {
      g_autofree char *label = format_wall (self, hb_timeline_time_at (self, self->drag_x),
                                            "%H:%M:%S");

      fill (snapshot, self->drag_x - 1, 0, 2, height, &dim);
      append_text (snapshot, widget, label, self->drag_x + 4, axis_y - 34, &fg);
    }
}

static void
hb_timeline_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  HbTimeline *self = HB_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 800;
    }
  else
    {
      /* The track keeps its height; each lane adds its own. */
      *minimum = TRACK_MIN_HEIGHT + (int) ceil (lanes_height (self));
      *natural = TRACK_NAT_HEIGHT + (int) ceil (lanes_height (self));
    }
}

char *
hb_timeline_describe_at (HbTimeline *self,
                         double      x,
                         double      y)
{
  int lane;
  char *text = NULL;

  g_return_val_if_fail (HB_IS_TIMELINE (self), NULL);

  lane = self->now != 0 ? lane_at (self, y) : -1;

  if (lane == -2)
    {
      g_autoptr(GPtrArray) recent = hb_entity_history_dup_recent (self->history, G_MAXUINT);
      g_autoptr(GString) names = g_string_new (NULL);
      LaneLayout layout;
      guint n_listed = 0;

      lane_layout (self, gtk_widget_get_height (GTK_WIDGET (self)), &layout);
      /* Those without a lane drawn, most recent first; a long list is cut. */
      for (guint i = 0; i < recent->len && n_listed < 30; i++)
        {
          const char *entity_id = g_ptr_array_index (recent, i);
          guint lane_index;

          if (g_ptr_array_find_with_equal_func (self->lanes, entity_id, g_str_equal,
                                                &lane_index) && lane_index < layout.n_shown)
            continue;
          g_string_append_printf (names, "\n%s", entity_id);
          n_listed++;
        }
      text = g_strdup_printf (_("Also changed (most recent first):%s"), names->str);
    }
  else if (lane >= 0)
    {
      const char *entity_id = g_ptr_array_index (self->lanes, lane);
      gint64 at = MIN (hb_timeline_time_at (self, x), self->now);
      int i = hb_entity_history_find (self->history, entity_id, at);
      guint n;
      const HbStateSegment *segments = hb_entity_history_get_segments (self->history, entity_id,
                                                                       &n);

      if (i < 0)
        {
          g_autofree char *when = format_wall (self, at, "%H:%M:%S");

          text = g_strdup_printf (_("%s\nno state yet at %s"), entity_id, when);
        }
      else
        {
          const char *state = segments[i].state != NULL ? segments[i].state : _("(removed)");
          const char *unit = hb_entity_history_get_unit (self->history, entity_id);
          g_autofree char *from = format_instant (self, segments[i].start);

          if ((guint) i + 1 < n)
            {
              g_autofree char *to = format_instant (self, segments[i + 1].start);

              text = g_strdup_printf (_("%s\n%s%s%s from %s to %s"), entity_id, state,
                                      unit != NULL ? " " : "", unit != NULL ? unit : "",
                                      from, to);
            }
          else
            text = g_strdup_printf (_("%s\n%s%s%s since %s"), entity_id, state,
                                    unit != NULL ? " " : "", unit != NULL ? unit : "", from);
        }
    }
  else
    text = g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (self)));

  return text;
}

static gboolean
hb_timeline_query_tooltip (GtkWidget  *widget,
                           int         x,
                           int         y,
                           gboolean    keyboard_mode,
                           GtkTooltip *tooltip)
{
  g_autofree char *text = hb_timeline_describe_at (HB_TIMELINE (widget), x, y);

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               HbTimeline     *self)
{
  self->drag_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                HbTimeline     *self)
{
  double x0, y0;

  gtk_gesture_drag_get_start_point (gesture, &x0, &y0);
  self->drag_x = CLAMP (x0 + dx, 0, gtk_widget_get_width (GTK_WIDGET (self)));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             HbTimeline     *self)
{
  gint64 target = hb_timeline_time_at (self, self->drag_x);

  self->drag_x = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  /* Whole seconds: the clock's steps are seconds. */
  target = target / (gint64) USEC * (gint64) USEC;
  if (self->now != 0 && target != self->now)
    g_signal_emit (self, signals[SEEK], 0, target);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           HbTimeline               *self)
{
  hb_timeline_set_span (self, self->span * (dy > 0 ? 1.25 : 0.8));
  return TRUE;
}

static void
models_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   HbTimeline *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_model (HbTimeline  *self,
           GListModel **field,
           GListModel  *model)
{
  if (*field != NULL)
    g_signal_handlers_disconnect_by_func (*field, models_changed_cb, self);
  g_set_object (field, model);
  if (model != NULL)
    g_signal_connect (model, "items-changed", G_CALLBACK (models_changed_cb), self);
}

static void
hb_timeline_dispose (GObject *object)
{
  HbTimeline *self = HB_TIMELINE (object);

  set_model (self, &self->jobs, NULL);
  set_model (self, &self->calls, NULL);
  set_model (self, &self->errors, NULL);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_func (self->history, history_changed_cb, self);
  g_clear_object (&self->history);
  g_clear_pointer (&self->lanes, g_ptr_array_unref);

  G_OBJECT_CLASS (hb_timeline_parent_class)->dispose (object);
}

static void
hb_timeline_class_init (HbTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hb_timeline_dispose;
  widget_class->snapshot = hb_timeline_snapshot;
  widget_class->measure = hb_timeline_measure;
  widget_class->query_tooltip = hb_timeline_query_tooltip;

  signals[SEEK] =
    g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "timeline");
}

static void
hb_timeline_init (HbTimeline *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *scroll =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  self->span = 3600;
  self->drag_x = -1;

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  self->history = hb_entity_history_new ();
  self->lanes = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (self->history, "changed", G_CALLBACK (history_changed_cb), self);

  /* The track's tooltip; query_tooltip gives the lanes theirs. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Drag to move the clock there (forward steps, back replays); "
                                 "scroll to zoom"));
}

GtkWidget *
hb_timeline_new (void)
{
  return g_object_new (HB_TYPE_TIMELINE, NULL);
}

void
hb_timeline_set_models (HbTimeline *self,
                        GListModel *jobs,
                        GListModel *calls,
                        GListModel *errors)
{
  g_return_if_fail (HB_IS_TIMELINE (self));

  set_model (self, &self->jobs, jobs);
  set_model (self, &self->calls, calls);
  set_model (self, &self->errors, errors);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hb_timeline_set_now (HbTimeline *self,
                     const char *now)
{
  g_return_if_fail (HB_IS_TIMELINE (self));

  self->now = parse_usec (now, &self->offset);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hb_timeline_set_span (HbTimeline *self,
                      double      seconds)
{
  g_return_if_fail (HB_IS_TIMELINE (self));

  self->span = CLAMP (seconds, 10, 7 * 86400);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
hb_timeline_get_span (HbTimeline *self)
{
  g_return_val_if_fail (HB_IS_TIMELINE (self), 0);
  return self->span;
}

void
hb_timeline_set_state_models (HbTimeline *self,
                              GListModel *entities,
                              GListModel *events)
{
  g_return_if_fail (HB_IS_TIMELINE (self));

  hb_entity_history_set_models (self->history, entities, events);
}

HbEntityHistory *
hb_timeline_get_history (HbTimeline *self)
{
  g_return_val_if_fail (HB_IS_TIMELINE (self), NULL);
  return self->history;
}

const GPtrArray *
hb_timeline_get_lanes (HbTimeline *self,
                       guint      *n_more)
{
  g_return_val_if_fail (HB_IS_TIMELINE (self), NULL);

  if (n_more != NULL)
    *n_more = self->n_more;
  return self->lanes;
}
