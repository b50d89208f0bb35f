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

#include "hb-json-item.h"
#include "hb-timeline.h"

#define USEC 1000000.0
#define PLAYHEAD_FRACTION (1.0 / 3.0)  /* the past gets a third, the future two */
#define MAX_PAST_ROWS 2000             /* the newest calls and errors drawn */

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

static void
hb_timeline_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  HbTimeline *self = HB_TIMELINE (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double axis_y = height - 28;
  double step;
  GdkRGBA fg, dim, job_color = { 0.21, 0.52, 0.89, 1 }, call_color = { 0.18, 0.76, 0.49, 1 },
          error_color = { 0.88, 0.11, 0.14, 1 }, past_bg;
  gint64 first_tick;

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
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 90;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 140;
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
