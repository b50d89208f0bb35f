/* hb-states.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-states.h"

#include <gio/gio.h>
#include <string.h>

#include "hb-error.h"

/* One entity's slot: its position in first-seen order and its current state. The hash
 * table finds the slot by entity id in O(1); the array gives positions for GListModel.
 * Removing an entity shifts the later slots down by one (O(n), like any ordered removal);
 * lookups, replacements and appends stay O(1). */
typedef struct
{
  char    *entity_id;
  HbState *state;
  guint    position;
} Slot;

struct _HbStates
{
  GObject     parent_instance;

  GPtrArray  *slots;    /* Slot*, in first-seen order; owns them */
  GHashTable *by_id;    /* entity id (the slot's) -> Slot* */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HbStates, hb_states, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  STATE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
slot_free (gpointer data)
{
  Slot *slot = data;

  g_free (slot->entity_id);
  g_clear_object (&slot->state);
  g_free (slot);
}

static GType
hb_states_get_item_type (GListModel *model)
{
  return HB_TYPE_STATE;
}

static guint
hb_states_get_n_items (GListModel *model)
{
  return HB_STATES (model)->slots->len;
}

static gpointer
hb_states_get_item (GListModel *model,
                    guint       position)
{
  HbStates *self = HB_STATES (model);
  Slot *slot;

  if (position >= self->slots->len)
    return NULL;

  slot = g_ptr_array_index (self->slots, position);
  return g_object_ref (slot->state);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hb_states_get_item_type;
  iface->get_n_items = hb_states_get_n_items;
  iface->get_item = hb_states_get_item;
}

static void
hb_states_finalize (GObject *object)
{
  HbStates *self = HB_STATES (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->slots, g_ptr_array_unref);

  G_OBJECT_CLASS (hb_states_parent_class)->finalize (object);
}

static void
hb_states_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HbStates *self = HB_STATES (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->slots->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_states_class_init (HbStatesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hb_states_finalize;
  object_class->get_property = hb_states_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HbStates::state-changed:
   * @self: the store
   * @entity_id: the entity
   * @old_state: (nullable): the state before, %NULL if the entity was new
   * @new_state: (nullable): the state after, %NULL if the entity was removed
   *
   * Emitted after every write (even one that stores an equal state) and every removal,
   * once the store already holds the new state.
   */
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  HB_TYPE_STATE,
                  HB_TYPE_STATE);
}

static void
hb_states_init (HbStates *self)
{
  self->slots = g_ptr_array_new_with_free_func (slot_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

HbStates *
hb_states_new (void)
{
  return g_object_new (HB_TYPE_STATES, NULL);
}

HbState *
hb_states_lookup (HbStates   *self,
                  const char *entity_id)
{
  Slot *slot;

  g_return_val_if_fail (HB_IS_STATES (self), NULL);
  g_return_val_if_fail (entity_id != NULL, NULL);

  slot = g_hash_table_lookup (self->by_id, entity_id);
  return slot != NULL ? slot->state : NULL;
}

HbState *
hb_states_get (HbStates    *self,
               const char  *entity_id,
               GError     **error)
{
  HbState *state;

  g_return_val_if_fail (HB_IS_STATES (self), NULL);
  g_return_val_if_fail (entity_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  state = hb_states_lookup (self, entity_id);
  if (state == NULL)
    g_set_error (error, HB_ERROR, HB_ERROR_NOT_FOUND,
                 "Entity '%s' not found (not seeded)", entity_id);
  return state;
}

void
hb_states_set (HbStates *self,
               HbState  *state)
{
  const char *entity_id;
  g_autoptr(HbState) old_state = NULL;
  Slot *slot;

  g_return_if_fail (HB_IS_STATES (self));
  g_return_if_fail (HB_IS_STATE (state));

  /* Keep @state alive through the signal even if a handler replaces it again. */
  g_object_ref (state);
  entity_id = hb_state_get_entity_id (state);
  slot = g_hash_table_lookup (self->by_id, entity_id);

  if (slot != NULL)
    {
      /* No timestamp comparison: a write always lands (reference hazard 12). */
      old_state = g_steal_pointer (&slot->state);
      slot->state = g_object_ref (state);
      g_list_model_items_changed (G_LIST_MODEL (self), slot->position, 1, 1);
    }
  else
    {
      slot = g_new0 (Slot, 1);
      slot->entity_id = g_strdup (entity_id);
      slot->state = g_object_ref (state);
      slot->position = self->slots->len;
      g_ptr_array_add (self->slots, slot);
      g_hash_table_insert (self->by_id, slot->entity_id, slot);
      g_list_model_items_changed (G_LIST_MODEL (self), slot->position, 0, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  g_signal_emit (self, signals[STATE_CHANGED], 0, entity_id, old_state, state);
  g_object_unref (state);
}

gboolean
hb_states_remove (HbStates   *self,
                  const char *entity_id)
{
  g_autoptr(HbState) old_state = NULL;
  g_autofree char *id = NULL;
  Slot *slot;
  guint position;

  g_return_val_if_fail (HB_IS_STATES (self), FALSE);
  g_return_val_if_fail (entity_id != NULL, FALSE);

  slot = g_hash_table_lookup (self->by_id, entity_id);
  if (slot == NULL)
    return FALSE;

  position = slot->position;
  old_state = g_steal_pointer (&slot->state);
  id = g_steal_pointer (&slot->entity_id);
  g_hash_table_remove (self->by_id, id);
  g_ptr_array_remove_index (self->slots, position);
  for (guint i = position; i < self->slots->len; i++)
    ((Slot *) g_ptr_array_index (self->slots, i))->position = i;

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_signal_emit (self, signals[STATE_CHANGED], 0, id, old_state, NULL);

  return TRUE;
}

void
hb_states_clear (HbStates *self)
{
  g_autoptr(GPtrArray) removed = NULL;

  g_return_if_fail (HB_IS_STATES (self));

  if (self->slots->len == 0)
    return;

  /* Empty the store first, then report: handlers see the final, empty store. */
  removed = g_steal_pointer (&self->slots);
  self->slots = g_ptr_array_new_with_free_func (slot_free);
  g_hash_table_remove_all (self->by_id);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed->len, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  for (guint i = 0; i < removed->len; i++)
    {
      Slot *slot = g_ptr_array_index (removed, i);

      g_signal_emit (self, signals[STATE_CHANGED], 0, slot->entity_id, slot->state, NULL);
    }
}

guint
hb_states_get_n_states (HbStates *self)
{
  g_return_val_if_fail (HB_IS_STATES (self), 0);

  return self->slots->len;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/**
 * hb_states_list_ids:
 * @domain: (nullable): only entities of this domain
 *
 * Returns: (transfer full): sorted entity ids
 */
GStrv
hb_states_list_ids (HbStates   *self,
                    const char *domain)
{
  GPtrArray *ids;
  gsize domain_len;

  g_return_val_if_fail (HB_IS_STATES (self), NULL);

  domain_len = domain != NULL ? strlen (domain) : 0;
  ids = g_ptr_array_sized_new (self->slots->len + 1);

  for (guint i = 0; i < self->slots->len; i++)
    {
      const Slot *slot = g_ptr_array_index (self->slots, i);

      if (domain != NULL &&
          (strncmp (slot->entity_id, domain, domain_len) != 0 ||
           slot->entity_id[domain_len] != '.'))
        continue;
      g_ptr_array_add (ids, g_strdup (slot->entity_id));
    }

  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (ids, FALSE);
}
