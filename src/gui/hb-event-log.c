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
 * table, its member list and a JsonNode per member, for every object of every row).
 * Here a row is a compact encoding of its tree in large shared blocks, plus one pointer,
 * and the view only ever holds the few hundred rows it shows, so items are made on
 * demand. The encoding is private and simple (faster both ways than JSON text through
 * json-glib's generator and parser, which made appending three times slower):
 *
 *   value  = 'o' count (key value)* | 'a' count value* | 's' length bytes NUL
 *          | 'i' zigzag-varint | 'd' 8 bytes (host order) | 't' | 'f' | 'n'
 *   key    = varint index into the log's table of member names
 *
 * counts and lengths are varints (7 bits a byte, low bits first).
 */

/* Rows are copied into blocks of this size (a longer row gets a block of its own). */
#define BLOCK_SIZE (1024 * 1024)

/* The last items made stay alive, so a view scrolling back and forth does not parse
 * the same rows again. */
#define N_RECENT 256

/* A view holds widgets for about this many rows (GTK 4.8 keeps 200): until they are
 * shown, rows come a step at a time, so no frame builds all of those widgets. */
#define FIRST_ROWS 256

/* A frame's time between steps. */
#define STEP_MSEC 16

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

  GPtrArray     *blocks;       /* guchar[], the encoded rows */
  gsize          block_used;   /* bytes used in the last block */
  gsize          text_bytes;   /* bytes allocated for blocks */
  GArray        *rows;         /* const guchar *, into blocks; shown rows, then staged ones */
  guint          n_shown;

  /* The staged rows' trees, kept until their flush: while it announces them, items for
   * them are made from these trees, not decoded (readers that follow the log, like the
   * entity history, read every new row right then). */
  GPtrArray     *staged;       /* JsonObject */
  GPtrArray     *fresh;        /* the rows being announced (borrowed from the flush) */
  guint          fresh_from;   /* their first position */
  guint          generation;   /* bumped by a clear */

  GPtrArray     *keys;         /* member names (owned), by index */
  GHashTable    *key_index;    /* member name -> index + 1 */
  GByteArray    *buffer;       /* the row being encoded */

  guint          step;         /* rows a flush shows while the first ones fill; 0: all */
  guint          flush_id;     /* the next step */

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

  g_clear_handle_id (&self->flush_id, g_source_remove);
  forget_items (self);
  g_hash_table_unref (self->alive);
  g_ptr_array_unref (self->blocks);
  g_array_unref (self->rows);
  g_ptr_array_unref (self->staged);
  g_hash_table_unref (self->key_index);
  g_ptr_array_unref (self->keys);
  g_byte_array_unref (self->buffer);

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
  self->rows = g_array_new (FALSE, FALSE, sizeof (const guchar *));
  self->staged = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->key_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->buffer = g_byte_array_sized_new (1024);
  self->alive = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

HbEventLog *
hb_event_log_new (void)
{
  return g_object_new (HB_TYPE_EVENT_LOG, NULL);
}

/* A copy of @len bytes in the blocks. */
static const guchar *
store_row (HbEventLog   *self,
           const guchar *data,
           gsize         len)
{
  guchar *block;

  if (len > BLOCK_SIZE)
    {
      /* Alone in its own block, before the current one so that keeps filling. */
      block = g_malloc (len);
      self->text_bytes += len;
      g_ptr_array_insert (self->blocks, MAX ((int) self->blocks->len - 1, 0), block);
      if (self->blocks->len == 1)
        self->block_used = BLOCK_SIZE;  /* the only block is full */
    }
  else
    {
      if (self->blocks->len == 0 || self->block_used + len > BLOCK_SIZE)
        {
          g_ptr_array_add (self->blocks, g_malloc (BLOCK_SIZE));
          self->text_bytes += BLOCK_SIZE;
          self->block_used = 0;
        }
      block = (guchar *) g_ptr_array_index (self->blocks, self->blocks->len - 1) +
              self->block_used;
      self->block_used += len;
    }

  memcpy (block, data, len);
  return block;
}

static void
put_byte (GByteArray *out,
          guchar      byte)
{
  g_byte_array_append (out, &byte, 1);
}

static void
put_varint (GByteArray *out,
            guint64     value)
{
  guchar bytes[10];
  guint n = 0;

  do
    {
      bytes[n] = value & 0x7f;
      value >>= 7;
      if (value != 0)
        bytes[n] |= 0x80;
      n++;
    }
  while (value != 0);
  g_byte_array_append (out, bytes, n);
}

static guint64
get_varint (const guchar **p)
{
  guint64 value = 0;
  guint shift = 0;

  for (;;)
    {
      guchar byte = *(*p)++;

      value |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        return value;
      shift += 7;
    }
}

static void
put_string (GByteArray *out,
            const char *text)
{
  gsize len = strlen (text);

  put_byte (out, 's');
  put_varint (out, len);
  /* With its NUL: decoding hands the bytes to json-glib as they are. */
  g_byte_array_append (out, (const guchar *) text, len + 1);
}

static guint
key_index (HbEventLog *self,
           const char *name)
{
  gpointer found = g_hash_table_lookup (self->key_index, name);
  char *owned;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  owned = g_strdup (name);
  g_ptr_array_add (self->keys, owned);
  g_hash_table_insert (self->key_index, owned, GUINT_TO_POINTER (self->keys->len));
  return self->keys->len - 1;
}

static void
encode_node (HbEventLog *self,
             JsonNode   *node)
{
  GByteArray *out = self->buffer;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        put_byte (out, 'o');
        put_varint (out, json_object_get_size (object));
        /* In the object's own order, which json-glib keeps and prints. */
        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            put_varint (out, key_index (self, name));
            encode_node (self, member);
          }
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        put_byte (out, 'a');
        put_varint (out, n);
        for (guint i = 0; i < n; i++)
          encode_node (self, json_array_get_element (array, i));
      }
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          put_string (out, json_node_get_string (node));
        else if (type == G_TYPE_INT64 || type == G_TYPE_INT)
          {
            gint64 v = json_node_get_int (node);

            put_byte (out, 'i');
            put_varint (out, ((guint64) v << 1) ^ (guint64) (v >> 63));
          }
        else if (type == G_TYPE_DOUBLE || type == G_TYPE_FLOAT)
          {
            double d = json_node_get_double (node);

            put_byte (out, 'd');
            g_byte_array_append (out, (const guchar *) &d, sizeof d);
          }
        else if (type == G_TYPE_BOOLEAN)
          put_byte (out, json_node_get_boolean (node) ? 't' : 'f');
        else
          put_byte (out, 'n');
      }
      break;

    case JSON_NODE_NULL:
    default:
      put_byte (out, 'n');
      break;
    }
}

static JsonNode *
decode_node (HbEventLog    *self,
             const guchar **p)
{
  JsonNode *node = json_node_alloc ();
  guchar tag = *(*p)++;

  switch (tag)
    {
    case 'o':
      {
        JsonObject *object = json_object_new ();
        guint64 n = get_varint (p);

        for (guint64 i = 0; i < n; i++)
          {
            const char *name = g_ptr_array_index (self->keys, get_varint (p));

            json_object_set_member (object, name, decode_node (self, p));
          }
        json_node_init_object (node, object);
        json_object_unref (object);
      }
      break;

    case 'a':
      {
        guint64 n = get_varint (p);
        JsonArray *array = json_array_sized_new (n);

        for (guint64 i = 0; i < n; i++)
          json_array_add_element (array, decode_node (self, p));
        json_node_init_array (node, array);
        json_array_unref (array);
      }
      break;

    case 's':
      {
        guint64 len = get_varint (p);

        json_node_init_string (node, (const char *) *p);
        *p += len + 1;
      }
      break;

    case 'i':
      {
        guint64 z = get_varint (p);

        json_node_init_int (node, (gint64) (z >> 1) ^ -(gint64) (z & 1));
      }
      break;

    case 'd':
      {
        double d;

        memcpy (&d, *p, sizeof d);
        *p += sizeof d;
        json_node_init_double (node, d);
      }
      break;

    case 't':
    case 'f':
      json_node_init_boolean (node, tag == 't');
      break;

    case 'n':
    default:
      json_node_init_null (node);
      break;
    }
  return node;
}

void
hb_event_log_add (HbEventLog *self,
                  JsonObject *row)
{
  g_autoptr(JsonNode) root = NULL;
  const guchar *data;

  g_return_if_fail (HB_IS_EVENT_LOG (self));
  g_return_if_fail (row != NULL);

  root = json_node_init_object (json_node_alloc (), row);
  g_byte_array_set_size (self->buffer, 0);
  encode_node (self, root);
  data = store_row (self, self->buffer->data, self->buffer->len);
  g_array_append_val (self->rows, data);
  g_ptr_array_add (self->staged, json_object_ref (row));
}

static gboolean
flush_more_cb (gpointer data)
{
  HbEventLog *self = data;

  self->flush_id = 0;
  hb_event_log_flush (self);
  return G_SOURCE_REMOVE;
}

void
hb_event_log_set_step (HbEventLog *self,
                       guint       step)
{
  g_return_if_fail (HB_IS_EVENT_LOG (self));

  self->step = step;
  if (step == 0)
    {
      g_clear_handle_id (&self->flush_id, g_source_remove);
      hb_event_log_flush (self);
    }
}

void
hb_event_log_flush (HbEventLog *self)
{
  guint before, n;
  g_autoptr(GPtrArray) fresh = NULL;
  GPtrArray *outer_fresh;
  guint outer_from, generation;

  g_return_if_fail (HB_IS_EVENT_LOG (self));

  if (self->rows->len == self->n_shown)
    return;

  /* While a view's first rows fill, a step at a time, a frame apart (see
   * hb_event_log_set_step): a flush before the next step is due only stages. */
  n = self->rows->len - self->n_shown;
  if (self->step > 0 && self->n_shown < FIRST_ROWS && n > self->step)
    {
      if (self->flush_id != 0)
        return;
      n = self->step;
      self->flush_id = g_timeout_add (STEP_MSEC, flush_more_cb, self);
    }
  before = self->n_shown;
  self->n_shown += n;

  /* A handler may add and flush again, or clear: the outer announcement's rows come back
   * only if the log was not cleared meanwhile. */
  fresh = self->staged;
  self->staged = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  if (n < fresh->len)
    {
      for (guint i = n; i < fresh->len; i++)
        g_ptr_array_add (self->staged, json_object_ref (g_ptr_array_index (fresh, i)));
      g_ptr_array_set_size (fresh, n);
    }
  outer_fresh = self->fresh;
  outer_from = self->fresh_from;
  generation = self->generation;
  self->fresh = fresh;
  self->fresh_from = before;

  g_list_model_items_changed (G_LIST_MODEL (self), before, 0, self->n_shown - before);

  self->fresh = generation == self->generation ? outer_fresh : NULL;
  self->fresh_from = outer_from;
}

void
hb_event_log_clear (HbEventLog *self)
{
  guint before;

  g_return_if_fail (HB_IS_EVENT_LOG (self));

  before = self->n_shown;
  g_clear_handle_id (&self->flush_id, g_source_remove);
  forget_items (self);
  g_ptr_array_set_size (self->staged, 0);
  self->fresh = NULL;
  self->generation++;
  g_ptr_array_set_size (self->blocks, 0);
  self->block_used = 0;
  self->text_bytes = 0;
  self->n_shown = 0;
  /* Drop the big arrays too: a cleared log may stay small for a long time. */
  g_array_unref (self->rows);
  self->rows = g_array_new (FALSE, FALSE, sizeof (const guchar *));

  if (before > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, before, 0);
}

gsize
hb_event_log_get_size (HbEventLog *self)
{
  g_return_val_if_fail (HB_IS_EVENT_LOG (self), 0);

  return self->text_bytes + self->rows->len * sizeof (const guchar *) +
         self->blocks->len * sizeof (gpointer);
}

static HbJsonItem *
make_item (HbEventLog *self,
           guint       position)
{
  const guchar *p = g_array_index (self->rows, const guchar *, position);
  g_autoptr(JsonNode) root = NULL;

  if (self->fresh != NULL && position >= self->fresh_from &&
      position - self->fresh_from < self->fresh->len)
    return hb_json_item_new (NULL, g_ptr_array_index (self->fresh, position - self->fresh_from));

  root = decode_node (self, &p);

  /* Rows are added as objects, so they come back as objects. */
  g_assert (JSON_NODE_HOLDS_OBJECT (root));
  return hb_json_item_new (NULL, json_node_get_object (root));
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
