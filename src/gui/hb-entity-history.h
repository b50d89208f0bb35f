/* hb-entity-history.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * HbEntityHistory: each entity's state over virtual time, as the timeline's lanes draw it.
 * It follows the session's events model (state_changed bus events: every change), reading
 * only the rows each change adds, and keeps a compact array of segments per entity. A
 * lane starts with the state the entity's row in the entities model had when it was added
 * (kept by reference, read only if the entity changes). When the events model loses rows
 * (a replay restarts the host) it starts over from what the models then hold.
 *
 * Every piece of data is a fact "state since instant" (a state's last_changed, an event's
 * new state): facts at the same instant give way to the later event's new state.
 */

typedef struct {
  gint64      start;  /* usec since the epoch; the segment lasts until the next one starts */
  const char *state;  /* NULL: the entity did not exist (removed) */
  double      value;  /* @state as a number, or NAN */
} HbStateSegment;

#define HB_TYPE_ENTITY_HISTORY (hb_entity_history_get_type ())
G_DECLARE_FINAL_TYPE (HbEntityHistory, hb_entity_history, HB, ENTITY_HISTORY, GObject)

HbEntityHistory      *hb_entity_history_new             (void);
/* Both nullable; rows are HbJsonItem (entities: state objects keyed by entity_id;
 * events: {bus_event, report, step}). */
void                  hb_entity_history_set_models      (HbEntityHistory *self,
                                                         GListModel      *entities,
                                                         GListModel      *events);
/* How many entities changed (had a state_changed event) during the session. */
guint                 hb_entity_history_get_n_changed   (HbEntityHistory *self);
/* (transfer container) (element-type utf8): the ids of at most @max entities that
 * changed, the most recently changed first. The strings belong to @self. */
GPtrArray            *hb_entity_history_dup_recent      (HbEntityHistory *self,
                                                         guint            max);
/* (nullable): @entity_id's segments in time order (NULL and 0 for an unknown entity). */
const HbStateSegment *hb_entity_history_get_segments    (HbEntityHistory *self,
                                                         const char      *entity_id,
                                                         guint           *n_segments);
/* The index of the segment holding @usec, or -1 when @usec is before the first one. */
int                   hb_entity_history_find            (HbEntityHistory *self,
                                                         const char      *entity_id,
                                                         gint64           usec);
/* Whether every known state of @entity_id is a number (unknown/unavailable aside), and
 * their range. */
gboolean              hb_entity_history_is_numeric      (HbEntityHistory *self,
                                                         const char      *entity_id,
                                                         double          *min,
                                                         double          *max);
/* (nullable): the unit_of_measurement attribute last seen */
const char           *hb_entity_history_get_unit        (HbEntityHistory *self,
                                                         const char      *entity_id);
/* The order in which @entity_id first took @state, among its distinct states (unknown
 * and unavailable aside), so each state of a lane gets its own colour; -1 when unknown
 * or past the first 32. */
int                   hb_entity_history_state_rank      (HbEntityHistory *self,
                                                         const char      *entity_id,
                                                         const char      *state);

G_END_DECLS
