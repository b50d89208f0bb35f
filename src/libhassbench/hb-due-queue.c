/* hb-due-queue.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-due-queue-private.h"

#define N_KINDS    2
#define N_HEAPS    (N_KINDS * 2)
#define BLOCK_SIZE 4096
/* A 4-ary heap: half the depth of a binary one, and the children of a slot share cache
 * lines. Fewer levels also mean fewer heap_index updates in scattered entries. */
#define ARITY      4

/* Heap number: kind * 2 + parked. */
#define HEAP_FOR(kind, parked) ((guint) (kind) * 2 + ((parked) ? 1 : 0))

typedef struct _HbDueEntry HbDueEntry;

/*
 * An entry's id names its place: the low 32 bits are its index among all entries (block
 * and offset), the high ones count how often that place was used. A lookup by id is then
 * an index, not a hash table of every entry (a million jobs spent a fifth of their
 * scheduling in one). Entries fire in the order they were added (seq), ids aside.
 */
#define ID_INDEX(id) ((guint32) ((id) & G_MAXUINT32))
#define ID_USES(id)  ((id) >> 32)

struct _HbDueEntry
{
  gint64       due_usec;
  guint64      seq;
  guint64      id;
  HbClockFunc  func;
  union {
    gpointer    user_data;
    HbDueEntry *next_free;
  };
  guint        heap_index;
  guint8       heap;          /* NO_HEAP while free */
};

#define NO_HEAP 0xff

/* Heap slots carry the sort key next to the entry pointer: comparisons while sifting stay
 * inside the heap array instead of chasing entries all over memory, which is what makes a
 * million-entry heap fast. */
typedef struct
{
  gint64      due_usec;
  guint64     seq;
  HbDueEntry *entry;
} HbHeapSlot;

typedef struct
{
  HbHeapSlot *slots;
  guint       len;
  guint       alloc;
} HbHeap;

struct _HbDueQueue
{
  HbHeap      heaps[N_HEAPS];
  guint       n_entries;
  /* Blocks of BLOCK_SIZE entries; entries are recycled, blocks live until the end. */
  GPtrArray  *blocks;
  guint       last_block_used;
  HbDueEntry *free_list;
  guint64     last_seq;

  gint64      snapshot_now;
  guint       in_snapshot : 1;
};

static inline gboolean
slot_before (const HbHeapSlot *a,
             const HbHeapSlot *b)
{
  if (a->due_usec != b->due_usec)
    return a->due_usec < b->due_usec;
  return a->seq < b->seq;
}

static inline gboolean
entry_before (const HbDueEntry *a,
              const HbDueEntry *b)
{
  if (a->due_usec != b->due_usec)
    return a->due_usec < b->due_usec;
  return a->seq < b->seq;
}

static inline void
heap_place (HbHeap           *heap,
            guint             index,
            const HbHeapSlot *slot)
{
  heap->slots[index] = *slot;
  slot->entry->heap_index = index;
}

static void
heap_sift_up (HbHeap *heap,
              guint   index)
{
  HbHeapSlot slot = heap->slots[index];

  while (index > 0)
    {
      guint parent = (index - 1) / ARITY;

      if (!slot_before (&slot, &heap->slots[parent]))
        break;
      heap_place (heap, index, &heap->slots[parent]);
      index = parent;
    }
  heap_place (heap, index, &slot);
}

static void
heap_sift_down (HbHeap *heap,
                guint   index)
{
  HbHeapSlot slot = heap->slots[index];

  for (;;)
    {
      guint first = ARITY * index + 1;
      guint last = MIN (first + ARITY, heap->len);
      guint best;

      if (first >= heap->len)
        break;
      best = first;
      for (guint child = first + 1; child < last; child++)
        if (slot_before (&heap->slots[child], &heap->slots[best]))
          best = child;
      if (!slot_before (&heap->slots[best], &slot))
        break;
      heap_place (heap, index, &heap->slots[best]);
      index = best;
    }
  heap_place (heap, index, &slot);
}

static void
heap_push (HbHeap     *heap,
           HbDueEntry *entry)
{
  HbHeapSlot slot = { entry->due_usec, entry->seq, entry };

  if (heap->len == heap->alloc)
    {
      heap->alloc = MAX (64, heap->alloc * 2);
      heap->slots = g_renew (HbHeapSlot, heap->slots, heap->alloc);
    }
  heap_place (heap, heap->len, &slot);
  heap->len++;
  heap_sift_up (heap, heap->len - 1);
}

static void
heap_remove_at (HbHeap *heap,
                guint   index)
{
  g_assert (index < heap->len);

  heap->len--;
  if (index == heap->len)
    return;

  /* The last slot fills the hole and moves up or down, whichever restores order. */
  heap_place (heap, index, &heap->slots[heap->len]);
  if (index > 0 && slot_before (&heap->slots[index], &heap->slots[(index - 1) / ARITY]))
    heap_sift_up (heap, index);
  else
    heap_sift_down (heap, index);
}

static inline HbDueEntry *
heap_top (HbHeap *heap)
{
  return heap->len > 0 ? heap->slots[0].entry : NULL;
}

static HbDueEntry *
earlier (HbDueEntry *a,
         HbDueEntry *b)
{
  if (a == NULL)
    return b;
  if (b == NULL)
    return a;
  return entry_before (a, b) ? a : b;
}

static HbDueEntry *
entry_alloc (HbDueQueue *self)
{
  HbDueEntry *entry;

  if (self->free_list != NULL)
    {
      entry = self->free_list;
      self->free_list = entry->next_free;
      return entry;
    }

  if (self->blocks->len == 0 || self->last_block_used == BLOCK_SIZE)
    {
      g_ptr_array_add (self->blocks, g_new (HbDueEntry, BLOCK_SIZE));
      self->last_block_used = 0;
    }

  entry = (HbDueEntry *) g_ptr_array_index (self->blocks, self->blocks->len - 1);
  entry += self->last_block_used;
  /* Used no times yet: the next id counts one. */
  entry->id = (guint64) (self->blocks->len - 1) * BLOCK_SIZE + self->last_block_used;
  self->last_block_used++;
  return entry;
}

static void
entry_release (HbDueQueue *self,
               HbDueEntry *entry)
{
  self->n_entries--;
  entry->heap = NO_HEAP;
  entry->func = NULL;
  entry->next_free = self->free_list;
  self->free_list = entry;
}

static void
entry_to_item (const HbDueEntry *entry,
               HbDueItem        *item)
{
  if (item == NULL)
    return;
  item->due_usec = entry->due_usec;
  item->id = entry->id;
  item->kind = (HbClockEntryKind) (entry->heap / 2);
  item->func = entry->func;
  item->user_data = entry->user_data;
}

/* Takes @entry out of its heap and the id set, fills @item and recycles the entry. */
static void
entry_detach (HbDueQueue *self,
              HbDueEntry *entry,
              HbDueItem  *item)
{
  heap_remove_at (&self->heaps[entry->heap], entry->heap_index);
  entry_to_item (entry, item);
  entry_release (self, entry);
}

static HbDueEntry *
lookup (HbDueQueue *self,
        guint64     id)
{
  guint32 index = ID_INDEX (id);
  HbDueEntry *entry;

  if (ID_USES (id) == 0 || index / BLOCK_SIZE >= self->blocks->len)
    return NULL;
  entry = (HbDueEntry *) g_ptr_array_index (self->blocks, index / BLOCK_SIZE) +
          index % BLOCK_SIZE;
  if (index / BLOCK_SIZE == self->blocks->len - 1 && index % BLOCK_SIZE >= self->last_block_used)
    return NULL;
  return entry->heap != NO_HEAP && entry->id == id ? entry : NULL;
}

HbDueQueue *
_hb_due_queue_new (void)
{
  HbDueQueue *self = g_new0 (HbDueQueue, 1);

  self->blocks = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
_hb_due_queue_free (HbDueQueue *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < N_HEAPS; i++)
    g_free (self->heaps[i].slots);
  g_ptr_array_unref (self->blocks);
  g_free (self);
}

guint64
_hb_due_queue_add (HbDueQueue       *self,
                   gint64            due_usec,
                   HbClockEntryKind  kind,
                   HbClockFunc       func,
                   gpointer          user_data)
{
  HbDueEntry *entry;
  gboolean parked;

  g_assert (self != NULL);
  g_assert (kind == HB_CLOCK_ENTRY_TIMER || kind == HB_CLOCK_ENTRY_JOB);

  entry = entry_alloc (self);
  entry->due_usec = due_usec;
  entry->seq = ++self->last_seq;
  entry->id += G_GUINT64_CONSTANT (1) << 32;
  entry->func = func;
  entry->user_data = user_data;

  /* An entry that is already due while a snapshot is being fired must wait for the next
   * snapshot; parking it keeps it out of the way of _hb_due_queue_pop_snapshot. */
  parked = self->in_snapshot && due_usec <= self->snapshot_now;
  entry->heap = HEAP_FOR (kind, parked);

  heap_push (&self->heaps[entry->heap], entry);
  self->n_entries++;

  return entry->id;
}

gboolean
_hb_due_queue_remove (HbDueQueue *self,
                      guint64     id)
{
  HbDueEntry *entry;

  g_assert (self != NULL);

  entry = lookup (self, id);
  if (entry == NULL)
    return FALSE;

  entry_detach (self, entry, NULL);
  return TRUE;
}

gboolean
_hb_due_queue_contains (HbDueQueue *self,
                        guint64     id)
{
  g_assert (self != NULL);

  return lookup (self, id) != NULL;
}

gboolean
_hb_due_queue_peek (HbDueQueue *self,
                    int         kind,
                    HbDueItem  *item)
{
  HbDueEntry *best = NULL;

  g_assert (self != NULL);
  g_assert (kind < N_KINDS);

  for (guint k = 0; k < N_KINDS; k++)
    {
      if (kind >= 0 && (guint) kind != k)
        continue;
      best = earlier (best, heap_top (&self->heaps[HEAP_FOR (k, FALSE)]));
      best = earlier (best, heap_top (&self->heaps[HEAP_FOR (k, TRUE)]));
    }

  if (best == NULL)
    return FALSE;

  entry_to_item (best, item);
  return TRUE;
}

gboolean
_hb_due_queue_pop (HbDueQueue *self,
                   HbDueItem  *item)
{
  HbDueEntry *best = NULL;

  g_assert (self != NULL);

  for (guint i = 0; i < N_HEAPS; i++)
    best = earlier (best, heap_top (&self->heaps[i]));

  if (best == NULL)
    return FALSE;

  entry_detach (self, best, item);
  return TRUE;
}

guint
_hb_due_queue_get_length (HbDueQueue *self)
{
  g_assert (self != NULL);

  return self->n_entries;
}

gboolean
_hb_due_queue_in_snapshot (HbDueQueue *self)
{
  g_assert (self != NULL);

  return self->in_snapshot;
}

void
_hb_due_queue_begin_snapshot (HbDueQueue *self,
                              gint64      now_usec)
{
  g_assert (self != NULL);
  g_assert (!self->in_snapshot);

  self->in_snapshot = TRUE;
  self->snapshot_now = now_usec;
}

gboolean
_hb_due_queue_pop_snapshot (HbDueQueue *self,
                            HbDueItem  *item)
{
  HbDueEntry *best = NULL;

  g_assert (self != NULL);
  g_assert (self->in_snapshot);

  /* Only the main heaps hold snapshot entries. Anything added since the snapshot began
   * is either parked (due by now) or due after now, so it can never come out here. */
  for (guint k = 0; k < N_KINDS; k++)
    best = earlier (best, heap_top (&self->heaps[HEAP_FOR (k, FALSE)]));

  if (best == NULL || best->due_usec > self->snapshot_now)
    return FALSE;

  entry_detach (self, best, item);
  return TRUE;
}

void
_hb_due_queue_end_snapshot (HbDueQueue *self)
{
  g_assert (self != NULL);
  g_assert (self->in_snapshot);

  self->in_snapshot = FALSE;

  for (guint k = 0; k < N_KINDS; k++)
    {
      HbHeap *parked = &self->heaps[HEAP_FOR (k, TRUE)];
      HbHeap *main_heap = &self->heaps[HEAP_FOR (k, FALSE)];

      for (guint i = 0; i < parked->len; i++)
        {
          HbDueEntry *entry = parked->slots[i].entry;

          entry->heap = HEAP_FOR (k, FALSE);
          heap_push (main_heap, entry);
        }
      parked->len = 0;
    }
}
