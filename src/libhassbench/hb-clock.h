/* hb-clock.h
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
 * HbClock: the only time an app can observe.
 *
 * Time is held as microseconds since the Unix epoch (UTC) plus a time zone. A frozen
 * clock moves only through hb_clock_freeze(), hb_clock_advance() and hb_clock_set(); a live
 * clock follows real time, optionally scaled. Every timer that matters to an app (scheduler
 * jobs, debounce, throttle, duration holds, task sleeps) is an entry in the clock's single
 * due queue, ordered by (due time, insertion order). Due entries fire only through
 * hb_clock_fire_due(), which the harness calls for trigger_due_jobs; a live clock also
 * fires them from a source on its GMainContext when they come due.
 */

#define HB_USEC_PER_SECOND G_GINT64_CONSTANT (1000000)

#define HB_TYPE_CLOCK (hb_clock_get_type ())
G_DECLARE_FINAL_TYPE (HbClock, hb_clock, HB, CLOCK, GObject)

/**
 * HbClockFunc:
 * @clock: the clock
 * @user_data: data given to hb_clock_add_entry()
 *
 * Called when a due-queue entry fires. The entry is already out of the queue.
 */
typedef void (*HbClockFunc) (HbClock  *clock,
                             gpointer  user_data);

/**
 * HbClockEntryKind:
 * @HB_CLOCK_ENTRY_TIMER: internal work (debounce, duration hold, task sleep)
 * @HB_CLOCK_ENTRY_JOB: a scheduler job; counted by hb_clock_fire_due()
 */
typedef enum {
  HB_CLOCK_ENTRY_TIMER,
  HB_CLOCK_ENTRY_JOB,
} HbClockEntryKind;

/**
 * hb_clock_new:
 * @time_zone: (nullable): the clock's zone; %NULL means UTC (never the machine's zone)
 * @context: (nullable): the main context a live clock fires its due entries on
 *
 * Returns: (transfer full): a new clock, frozen at the Unix epoch
 */
HbClock    *hb_clock_new              (GTimeZone     *time_zone,
                                       GMainContext  *context);
GTimeZone  *hb_clock_get_time_zone    (HbClock       *self);
void        hb_clock_set_time_zone    (HbClock       *self,
                                       GTimeZone     *time_zone);
gboolean    hb_clock_get_frozen       (HbClock       *self);
/* Microseconds since the epoch, now. */
gint64      hb_clock_get_now_usec     (HbClock       *self);
/**
 * hb_clock_get_now:
 * Returns: (transfer full): now, in the clock's time zone
 */
GDateTime  *hb_clock_get_now          (HbClock       *self);
/* Converts a clock instant to a GDateTime in the clock's zone. */
GDateTime  *hb_clock_to_date_time     (HbClock       *self,
                                       gint64         usec);
/* Freezes at @at (NULL: at the current time). Pending entries keep their due times. */
void        hb_clock_freeze           (HbClock       *self,
                                       GDateTime     *at);
/* Makes the clock live from its current reading, running @scale times real speed (> 0). */
gboolean    hb_clock_unfreeze         (HbClock       *self,
                                       double         scale,
                                       GError       **error);
/* Moves a frozen clock forward. @seconds must be finite and >= 0 (HB_ERROR_INVALID_ARGUMENT). */
gboolean    hb_clock_advance          (HbClock       *self,
                                       double         seconds,
                                       GError       **error);
/* Sets a frozen clock to @usec; moving backwards is HB_ERROR_INVALID_ARGUMENT. */
gboolean    hb_clock_set_usec         (HbClock       *self,
                                       gint64         usec,
                                       GError       **error);

/* The due queue. Ids are never 0. O(log n) insert and remove. */
guint64     hb_clock_add_entry        (HbClock       *self,
                                       gint64         due_usec,
                                       HbClockEntryKind kind,
                                       HbClockFunc    func,
                                       gpointer       user_data);
/* Returns TRUE if the entry was still queued. */
gboolean    hb_clock_remove_entry     (HbClock       *self,
                                       guint64        entry_id);
/* Due time of the earliest entry (of @kind, or any kind if @kind < 0); FALSE if none. */
gboolean    hb_clock_peek_next        (HbClock       *self,
                                       int            kind,
                                       gint64        *due_usec);
guint       hb_clock_get_n_entries    (HbClock       *self);
/**
 * hb_clock_fire_due:
 *
 * Takes one snapshot of the entries due at or before now and fires them in order.
 * Entries added while firing are not fired by this call, even if already due.
 *
 * Returns: the number of %HB_CLOCK_ENTRY_JOB entries fired
 */
guint       hb_clock_fire_due         (HbClock       *self);

/*
 * Time parsing shared by steps, the scheduler and the GUI.
 */
/* Seconds from 30, "30s", "5m", "1h30m", "02:34:10". Negative or non-finite is an error. */
gboolean    hb_parse_duration         (const char    *text,
                                       double        *seconds,
                                       GError       **error);
/* "HH:MM" or "HH:MM:SS" (24 h). "8am" is HB_ERROR_INVALID_TIME. */
gboolean    hb_parse_time_of_day      (const char    *text,
                                       int           *hour,
                                       int           *minute,
                                       int           *second,
                                       GError       **error);
/* ISO 8601 with an offset or zone; naive times are taken in @default_zone. */
GDateTime  *hb_parse_instant          (const char    *text,
                                       GTimeZone     *default_zone,
                                       GError       **error);
/* Microseconds since the epoch (GLib 2.80's g_date_time_to_unix_usec, for 2.74). */
gint64      hb_date_time_to_usec      (GDateTime     *dt);
/* ISO 8601 with offset and, when not zero, microseconds: "2024-06-01T07:00:00+00:00". */
char       *hb_format_instant         (GDateTime     *instant);

G_END_DECLS
