/* hb-trigger.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-types.h"

G_BEGIN_DECLS

/*
 * HbTrigger: when a job fires. Immutable, refcounted. Times are usec since the epoch.
 *
 * Rules (the reference's):
 *  - after(d): first = now + d rounded to whole seconds (half to even); never repeats.
 *  - once(at): fires at @at; never repeats. (Time-of-day "HH:MM" is resolved to an
 *    instant by the scheduler, against the clock, when the job is made.)
 *  - every(interval, start): first = start if in the future, else the first grid point
 *    start + k*interval strictly after now (no start: now + interval). Next = first grid
 *    point after the previous fire strictly after now (missed ticks coalesce).
 *  - cron / daily: first = first tick strictly after now; next = first tick strictly
 *    after max(previous fire, now). Evaluated on wall-clock time in the zone given;
 *    a time skipped by a spring-forward does not fire that day; a time repeated by a
 *    fall-back fires once, at the later occurrence.
 * Cron: 5 fields (min hour dom month dow) or 6 (with seconds last); '*', ranges a-b,
 * steps (star)/n and a-b/n, lists a,b; month and weekday names (jan, mon); 0 and 7 are Sunday;
 * when both dom and dow are restricted, either matching is enough.
 */

#define HB_TYPE_TRIGGER (hb_trigger_get_type ())
GType hb_trigger_get_type (void) G_GNUC_CONST;

typedef enum {
  HB_TRIGGER_AFTER,
  HB_TRIGGER_ONCE,
  HB_TRIGGER_EVERY,
  HB_TRIGGER_CRON,
} HbTriggerKind;

HbTrigger    *hb_trigger_ref          (HbTrigger   *self);
void          hb_trigger_unref        (HbTrigger   *self);
/* @seconds > 0 and finite. */
HbTrigger    *hb_trigger_after        (double       seconds,
                                       GError     **error);
HbTrigger    *hb_trigger_once         (gint64       at_usec);
/* @seconds: whole seconds > 0; @start_usec: 0 for none */
HbTrigger    *hb_trigger_every        (double       seconds,
                                       gint64       start_usec,
                                       GError     **error);
/* "HH:MM" or "HH:MM:SS" every day: a cron trigger. */
HbTrigger    *hb_trigger_daily        (const char  *at,
                                       GError     **error);
/* Invalid: HB_ERROR_INVALID_CRON "Invalid cron expression: <why>" naming the field. */
HbTrigger    *hb_trigger_cron         (const char  *expression,
                                       GError     **error);
HbTriggerKind hb_trigger_get_kind     (HbTrigger   *self);
/* Whether the trigger can fire more than once. */
gboolean      hb_trigger_is_recurring (HbTrigger   *self);
/**
 * hb_trigger_next:
 * @prev_usec: the previous logical fire time, or 0 for the first
 * @now_usec: now
 * @time_zone: the zone cron fields are evaluated in
 * @next_usec: (out): the next fire time
 *
 * Returns: %FALSE when the trigger will not fire again
 */
gboolean      hb_trigger_next         (HbTrigger   *self,
                                       gint64       prev_usec,
                                       gint64       now_usec,
                                       GTimeZone   *time_zone,
                                       gint64      *next_usec);
/* "in 300s", "once at 2024-06-01T07:00:00+00:00", "every 60s", "cron 0 7 * * *" */
char         *hb_trigger_describe     (HbTrigger   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HbTrigger, hb_trigger_unref)

G_END_DECLS
