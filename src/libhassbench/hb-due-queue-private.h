/* hb-due-queue-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-clock.h"

G_BEGIN_DECLS

/*
 * HbDueQueue: the clock's priority queue of timed entries, ordered by (due_usec, id).
 *
 * Each kind of entry sits in its own min-heap (4-ary: half the depth of a binary heap and
 * cache-friendlier at a million entries), so the earliest entry of one kind is
 * found in O(1); the earliest of all is the smaller of the heap tops. Every entry knows its
 * heap slot and is found by id through a hash table, so removal is O(log n). Entries are
 * carved from large blocks and recycled through a free list: a million queued entries
 * cost about 40 bytes each plus the hash table, and no malloc per entry.
 *
 * Ids increase with every add and are never 0, so "added later" is "larger id".
 *
 * Snapshot firing: between _hb_due_queue_begin_snapshot (now) and
 * _hb_due_queue_end_snapshot, _hb_due_queue_pop_snapshot hands out, in order, only the
 * entries that were queued when the snapshot began and are due at or before its now.
 * Entries added meanwhile that are already due are parked in side heaps (still queued:
 * counted, peekable and removable) and join the main heaps when the snapshot ends.
 * Entries removed meanwhile are simply gone.
 */

typedef struct _HbDueQueue HbDueQueue;

typedef struct
{
  gint64            due_usec;
  guint64           id;
  HbClockEntryKind  kind;
  HbClockFunc       func;
  gpointer          user_data;
} HbDueItem;

HbDueQueue *_hb_due_queue_new             (void);
void        _hb_due_queue_free            (HbDueQueue       *self);
/* Returns the new entry's id (never 0). */
guint64     _hb_due_queue_add             (HbDueQueue       *self,
                                           gint64            due_usec,
                                           HbClockEntryKind  kind,
                                           HbClockFunc       func,
                                           gpointer          user_data);
/* Returns TRUE if the entry was queued (and now is not). */
gboolean    _hb_due_queue_remove          (HbDueQueue       *self,
                                           guint64           id);
gboolean    _hb_due_queue_contains        (HbDueQueue       *self,
                                           guint64           id);
/* The earliest entry of @kind (any kind when @kind < 0); FALSE when there is none.
 * @item may be NULL. */
gboolean    _hb_due_queue_peek            (HbDueQueue       *self,
                                           int               kind,
                                           HbDueItem        *item);
/* Removes and returns the earliest entry of any kind; FALSE when empty. */
gboolean    _hb_due_queue_pop             (HbDueQueue       *self,
                                           HbDueItem        *item);
guint       _hb_due_queue_get_length      (HbDueQueue       *self);

gboolean    _hb_due_queue_in_snapshot     (HbDueQueue       *self);
void        _hb_due_queue_begin_snapshot  (HbDueQueue       *self,
                                           gint64            now_usec);
gboolean    _hb_due_queue_pop_snapshot    (HbDueQueue       *self,
                                           HbDueItem        *item);
void        _hb_due_queue_end_snapshot    (HbDueQueue       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HbDueQueue, _hb_due_queue_free)

G_END_DECLS
