/* hb-timeline.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hb-entity-history.h"

G_BEGIN_DECLS

/*
 * HbTimeline: the virtual time axis. The playhead is the app's clock; scheduled jobs
 * stand ahead of it, and what happened (API calls, failed tasks in red) behind it.
 * Dragging the playhead emits ::seek with the instant it was dropped at; scrolling zooms.
 *
 * It reads the session's models (of HbJsonItem) and redraws when they change. Times are
 * ISO 8601 members: jobs "fire_at", calls "time", errors "clock".
 *
 * Below the track, one lane per entity that changed (the most recently changed ones,
 * MAX_LANES at most) draws its state over time from an HbEntityHistory; the widget grows
 * with its lanes.
 */

#define HB_TYPE_TIMELINE (hb_timeline_get_type ())
G_DECLARE_FINAL_TYPE (HbTimeline, hb_timeline, HB, TIMELINE, GtkWidget)

GtkWidget *hb_timeline_new        (void);
void       hb_timeline_set_models (HbTimeline *self,
                                   GListModel *jobs,
                                   GListModel *calls,
                                   GListModel *errors);
/* The session's entities and events models, for the entity lanes (both nullable). */
void       hb_timeline_set_state_models (HbTimeline *self,
                                         GListModel *entities,
                                         GListModel *events);
/* (transfer none) */
HbEntityHistory *hb_timeline_get_history (HbTimeline *self);
/* (transfer none) (element-type utf8): the entity ids with a lane, top to bottom; @n_more
 * (optional): how many more entities changed */
const GPtrArray *hb_timeline_get_lanes   (HbTimeline *self,
                                          guint      *n_more);
/* (transfer full): the tooltip at @x, @y: a lane's state at that instant, or how to use
 * the track */
char            *hb_timeline_describe_at (HbTimeline *self,
                                          double      x,
                                          double      y);
/* @now: ISO 8601, or NULL when no app is loaded */
void       hb_timeline_set_now    (HbTimeline *self,
                                   const char *now);
/* Seconds of virtual time across the widget's width (zoom). */
void       hb_timeline_set_span   (HbTimeline *self,
                                   double      seconds);
double     hb_timeline_get_span   (HbTimeline *self);
/* The instant at @x in widget coordinates, usec since the epoch. */
gint64     hb_timeline_time_at    (HbTimeline *self,
                                   double      x);

G_END_DECLS
