/* hb-event-log.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-event-log.h"

/*
 * A million dispatch rows as json-glib trees took some 4.5 GB (a JsonObject, its hash
 * table, its member list and a JsonNode per member, for every object of every row). As
 * compact JSON text in large shared blocks a row takes its text plus one pointer, and
 * the view only ever holds the few dozen rows it shows, so items are made on demand.
 */

/* Texts are copied into blocks of this size (a longer text gets a block of its own). */
#define BLOCK_SIZE (1024 * 1024)

/* The last items made stay alive, so a view scrolling back and forth does not parse
 * the same rows again. */
#define N_RECENT 256

/* An item somebody still holds: asked for again, it is returned, not made anew. */
typedef struct
{
  HbEventLog *log;
  HbJsonItem *item;
  guint       position;
} Alive;

struct _HbEventLog
{
  GObject        parent_instance;

  GPtrArray     *blocks;       /* char[], the texts */
  gsize          block_used;   /* bytes used in the last block */
  gsize          text_bytes;   /* bytes allocated for blocks */
  GArray        *rows;         /* const char *, into blocks; shown rows, then staged ones */
  guint          n_shown;

  JsonGenerator *generator;
  GString       *buffer;
  JsonParser    *parser;

  GHashTable    *alive;        /* position -> Alive (owned) */
  HbJsonItem    *recent[N_RECENT];
  guint          recent_next;
};

static void hb_event_log_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HbEventLog, hb_event_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      hb_event_log_model_init))

static void
item_gone_cb (gpointer  data,
              GObject  *where_the_item_was)
{
  Alive *alive = data;

  g_hash_table_remove (alive->log->alive, GUINT_TO_POINTER (alive->position));
}

/* Forgets every item made so far: those still held elsewhere live on, unknown to us. */
static void
forget_items (HbEventLog *self)
{
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < N_RECENT; i++)
    g_clear_object (&self->recent[i]);
  self->recent_next = 0;

  g_hash_table_iter_init (&iter, self->alive);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Alive *alive = value;

      g_object_weak_unref (G_OBJECT (alive->item), item_gone_cb, alive);
      g_hash_table_iter_remove (&iter);
    }
}

static void
hb_event_log_finalize (GObject *object)
{
  HbEventLog *self = HB_EVENT_LOG (object);

  forget_items (self);
  g_hash_table_unref (self->alive);
  g_ptr_array_unref (self->blocks);
  g_array_unref (self->rows);
  g_object_unref (self->generator);
  g_object_unref (self->parser);
  g_string_free (self->buffer, TRUE);

  G_OBJECT_CLASS (hb_event_log_parent_class)->finalize (object);
}

static void
hb_event_log_class_init (HbEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hb_event_log_finalize;
}

static void
hb_event_log_init (HbEventLog *self)
{
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_array_new (FALSE, FALSE, sizeof (const char *));
  self->generator = json_generator_new ();
  self->buffer = g_string_sized_new (1024);
  self->parser = json_parser_new ();
  self->alive = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

HbEventLog *
hb_event_log_new (void)
{
  return g_object_new (HB_TYPE_EVENT_LOG, NULL);
}

/* A copy of @len bytes and a NUL in the blocks. */
static const char *
store_text (HbEventLog *self,
            const char *text,
            gsize       len)
{
  char *block;

  if (len + 1 > BLOCK_SIZE)
    {
      /* Alone in its own block, before the current one so that keeps filling. */
      block = g_malloc (len + 1);
      self->text_bytes += len + 1;
      g_ptr_array_insert (self->blocks, MAX ((int) self->blocks->len - 1, 0), block);
      if (self->blocks->len == 1)
        self->block_used = BLOCK_SIZE;  /* the only block is full */
    }
  else
    {
      if (self->blocks->len == 0 || self->block_used + len + 1 > BLOCK_SIZE)
        {
          g_ptr_array_add (self->blocks, g_malloc (BLOCK_SIZE));
          self->text_bytes += BLOCK_SIZE;
          self->block_used = 0;
        }
      block = (char *) g_ptr_array_index (self->blocks, self->blocks->len - 1) + self->block_used;
      self->block_used += len + 1;
    }

  memcpy (block, text, len);
  block[len] = '\0';
  return block;
}

void
hb_event_log_add (HbEventLog *self,
                  JsonObject *row)
{
  g_autoptr(JsonNode) root = NULL;
  const char *text;

  g_return_if_fail (HB_IS_EVENT_LOG (self));
  g_return_if_fail (row != NULL);

  root = json_node_init_object (json_node_alloc (), row);
  json_generator_set_root (self->generator, root);
  g_string_truncate (self->buffer, 0);
  json_generator_to_gstring (self->generator, self->buffer);
  /* The generator keeps a copy of its root: do not let it keep the row alive. */
  json_generator_set_root (self->generator, NULL);

  text = store_text (self, self->buffer->str, self->buffer->len);
  g_array_append_val (self->rows, text);
}

void
hb_event_log_flush (HbEventLog *self)
{
  guint before;

  g_return_if_fail (HB_IS_EVENT_LOG (self));

  if (self->rows->len == self->n_shown)
    return;

  before = self->n_shown;
  self->n_shown = self->rows->len;
  g_list_model_items_changed (G_LIST_MODEL (self), before, 0, self->n_shown - before);
}

void
hb_event_log_clear (HbEventLog *self)
{
  guint before;

  g_return_if_fail (HB_IS_EVENT_LOG (self));

  before = self->n_shown;
  forget_items (self);
  g_ptr_array_set_size (self->blocks, 0);
  self->block_used = 0;
  self->text_bytes = 0;
  self->n_shown = 0;
  /* Drop the big arrays too: a cleared log may stay small for a long time. */
  g_array_unref (self->rows);
  self->rows = g_array_new (FALSE, FALSE, sizeof (const char *));

  if (before > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, before, 0);
}

gsize
hb_event_log_get_size (HbEventLog *self)
{
  g_return_val_if_fail (HB_IS_EVENT_LOG (self), 0);

  return self->text_bytes + self->rows->len * sizeof (const char *) +
         self->blocks->len * sizeof (gpointer);
}

static HbJsonItem *
make_item (HbEventLog *self,
           guint       position)
{
  const char *text = g_array_index (self->rows, const char *, position);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) empty = NULL;

  /* The text is the generator's own output: it always parses, into an object. */
  if (json_parser_load_from_data (self->parser, text, -1, &error))
    root = json_parser_steal_root (self->parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return hb_json_item_new (NULL, json_node_get_object (root));

  g_critical ("Event row %u does not parse: %s", position,
              error != NULL ? error->message : "not an object");
  empty = json_object_new ();
  return hb_json_item_new (NULL, empty);
}

static GType
hb_event_log_get_item_type (GListModel *model)
{
  return HB_TYPE_JSON_ITEM;
}

static guint
hb_event_log_get_n_items (GListModel *model)
{
  return HB_EVENT_LOG (model)->n_shown;
}

static gpointer
hb_event_log_get_item (GListModel *model,
                       guint       position)
{
  HbEventLog *self = HB_EVENT_LOG (model);
  Alive *alive;
  HbJsonItem *item;

  if (position >= self->n_shown)
    return NULL;

  alive = g_hash_table_lookup (self->alive, GUINT_TO_POINTER (position));
  if (alive != NULL)
    return g_object_ref (alive->item);

  item = make_item (self, position);
  alive = g_new (Alive, 1);
  alive->log = self;
  alive->item = item;
  alive->position = position;
  g_object_weak_ref (G_OBJECT (item), item_gone_cb, alive);
  g_hash_table_insert (self->alive, GUINT_TO_POINTER (position), alive);

  /* The oldest recent item may die here: its weak reference forgets it. */
  g_clear_object (&self->recent[self->recent_next]);
  self->recent[self->recent_next] = g_object_ref (item);
  self->recent_next = (self->recent_next + 1) % N_RECENT;

  return item;
}

static void
hb_event_log_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hb_event_log_get_item_type;
  iface->get_n_items = hb_event_log_get_n_items;
  iface->get_item = hb_event_log_get_item;
}
