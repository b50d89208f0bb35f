/* hb-cron-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * HbCron: a parsed cron expression and its evaluator. Private to the library (the public
 * face is HbTrigger).
 *
 * Syntax: 5 fields "minute hour day-of-month month day-of-week", or 6 with the seconds
 * field LAST. Each field is a comma list of items; an item is '*', a value, a range a-b,
 * and optionally a step: '*' + '/n', 'a-b/n', 'a/n' (= a up to the field's maximum, every n).
 * Month names jan..dec and weekday names sun..sat (any case) are accepted in their fields;
 * weekday 0 and 7 are both Sunday.
 *
 * Day rule: a day field written as a plain '*' (or '*' + '/1') is unrestricted. When both
 * day-of-month and day-of-week are restricted, a day matches if EITHER does; otherwise
 * both must (so the restricted one decides).
 *
 * Evaluation is on wall-clock time in a GTimeZone, stepping field by field (month, day,
 * hour, minute, second) on local components; each candidate wall time is converted to an
 * instant and checked by a round trip. A wall time skipped by a spring-forward transition
 * has no instant and does not fire; a wall time repeated by a fall-back transition maps to
 * its LATER occurrence only.
 */

typedef struct _HbCron HbCron;

/* Invalid: HB_ERROR_INVALID_CRON "Invalid cron expression: <field>: <why> (in '<expr>')". */
HbCron     *_hb_cron_new             (const char  *expression,
                                      GError     **error);
/* A daily cron at @hour:@minute:@second ("S M H * * *" with seconds, "M H * * *" without). */
HbCron     *_hb_cron_new_daily       (int          hour,
                                      int          minute,
                                      int          second,
                                      gboolean     with_seconds);
void        _hb_cron_free            (HbCron      *self);
/* The expression with its fields separated by single spaces. */
const char *_hb_cron_get_expression  (HbCron      *self);
gboolean    _hb_cron_has_seconds     (HbCron      *self);
/* Whether the wall-clock time matches (month 1-12, day 1-31). */
gboolean    _hb_cron_matches         (HbCron      *self,
                                      int          year,
                                      int          month,
                                      int          day,
                                      int          hour,
                                      int          minute,
                                      int          second);
/**
 * _hb_cron_next:
 * @after_usec: an instant (usec since the epoch)
 * @time_zone: (nullable): the zone the fields are read in; %NULL is UTC
 * @next_usec: (out): the first tick strictly after @after_usec
 *
 * Returns: %FALSE if the expression never fires again (within a search horizon of years)
 */
gboolean    _hb_cron_next            (HbCron      *self,
                                      GTimeZone   *time_zone,
                                      gint64       after_usec,
                                      gint64      *next_usec);

/**
 * _hb_wall_to_usec:
 *
 * Converts a wall-clock time in @time_zone to an instant. A repeated (fall-back) wall time
 * gives its later occurrence.
 *
 * Returns: %FALSE if the wall time does not exist (skipped by a spring-forward)
 */
gboolean    _hb_wall_to_usec         (GTimeZone   *time_zone,
                                      int          year,
                                      int          month,
                                      int          day,
                                      int          hour,
                                      int          minute,
                                      int          second,
                                      gint64      *usec);
/* The wall-clock components of @usec in @time_zone (month 1-12, weekday 0 = Sunday). */
void        _hb_usec_to_wall         (GTimeZone   *time_zone,
                                      gint64       usec,
                                      int         *year,
                                      int         *month,
                                      int         *day,
                                      int         *hour,
                                      int         *minute,
                                      int         *second,
                                      int         *weekday);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HbCron, _hb_cron_free)

G_END_DECLS
