/* hb-recording-api.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-recording-api.h"
#include "hb-api-call-private.h"
#include "hb-error.h"
#include "hb-json.h"

/* Assertion messages list at most this many calls, so a test that recorded 100,000 calls
 * still gets a readable (and bounded) message. */
#define MAX_LISTED_CALLS 50

/*
 * Helper domains and the fields their create/update params may carry (Home Assistant's
 * helper schemas). Order matters: it is the order of "Expected one of" lists and of
 * "did you mean" ties, so messages are deterministic.
 */
typedef struct
{
  const char        *domain;
  const char * const *fields;
} HelperDomain;

static const char * const input_boolean_fields[] = { "name", "icon", "initial", NULL };
static const char * const input_number_fields[] = {
  "name", "min", "max", "initial", "step", "icon", "unit_of_measurement", "mode", NULL
};
static const char * const input_text_fields[] = {
  "name", "min", "max", "initial", "icon", "mode", "pattern", NULL
};
static const char * const input_select_fields[] = { "name", "options", "initial", "icon", NULL };
static const char * const input_datetime_fields[] = {
  "name", "has_date", "has_time", "initial", "icon", NULL
};
static const char * const input_button_fields[] = { "name", "icon", NULL };
static const char * const counter_fields[] = {
  "name", "initial", "minimum", "maximum", "step", "icon", "restore", NULL
};
static const char * const timer_fields[] = { "name", "duration", "icon", "restore", NULL };

static const HelperDomain helper_domains[] = {
  { "input_boolean", input_boolean_fields },
  { "input_number", input_number_fields },
  { "input_text", input_text_fields },
  { "input_select", input_select_fields },
  { "input_datetime", input_datetime_fields },
  { "input_button", input_button_fields },
  { "counter", counter_fields },
  { "timer", timer_fields },
};

#define N_HELPER_DOMAINS G_N_ELEMENTS (helper_domains)

/* What an assertion may ask about a method: its name and, for a closed signature, the
 * keys its kwargs can have (NULL: any key, as for turn_on or call_service). */
typedef struct
{
  char  *name;
  char **keys;
} MethodSpec;

/* One domain's helper records, in creation order (listing order must not depend on hash
 * order); by_id points into records. */
typedef struct
{
  GPtrArray  *records;
  GHashTable *by_id;
} HelperStore;

struct _HbRecordingApi
{
  GObject      parent_instance;

  HbStates    *states;
  HbClock     *clock;

  /* HbApiCall, in call order; index i holds the call whose index is i. */
  GPtrArray   *calls;
  /* method -> GPtrArray of HbApiCall (its calls, in order), so per-method assertions and
   * get_calls(method) cost O(calls of that method). */
  GHashTable  *by_method;

  HelperStore *helpers[N_HELPER_DOMAINS];
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HbRecordingApi, hb_recording_api, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STATES,
  PROP_CLOCK,
  N_PROPS
};

enum {
  CALL_RECORDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/*
 * The recordable method names, built once. Never freed: they live as long as the type.
 */
static GPtrArray *method_specs;
static GHashTable *method_index;

static MethodSpec *
method_spec_new (const char         *name,
                 const char * const *keys)
{
  MethodSpec *spec = g_new0 (MethodSpec, 1);

  spec->name = g_strdup (name);
  spec->keys = keys != NULL ? g_strdupv ((char **) keys) : NULL;

  return spec;
}

static void
ensure_method_specs (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      static const char * const set_state_keys[] = { "entity_id", "state", "attributes", NULL };
      static const char * const fire_event_keys[] = { "event_type", "event_data", NULL };
      static const char * const notify_keys[] = { "message", "notifier", "title", "data", NULL };
      static const char * const delete_keys[] = { "helper_id", NULL };
      GPtrArray *specs = g_ptr_array_new ();
      GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

      g_ptr_array_add (specs, method_spec_new ("turn_on", NULL));
      g_ptr_array_add (specs, method_spec_new ("turn_off", NULL));
      g_ptr_array_add (specs, method_spec_new ("toggle", NULL));
      g_ptr_array_add (specs, method_spec_new ("call_service", NULL));
      g_ptr_array_add (specs, method_spec_new ("set_state", set_state_keys));
      g_ptr_array_add (specs, method_spec_new ("fire_event", fire_event_keys));
      g_ptr_array_add (specs, method_spec_new ("notify", notify_keys));

      for (guint i = 0; i < N_HELPER_DOMAINS; i++)
        {
          const HelperDomain *hd = &helper_domains[i];
          g_autofree char *create = g_strdup_printf ("create_%s", hd->domain);
          g_autofree char *update = g_strdup_printf ("update_%s", hd->domain);
          g_autofree char *delete = g_strdup_printf ("delete_%s", hd->domain);
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) update_keys = NULL;

          g_strv_builder_add (builder, "helper_id");
          g_strv_builder_addv (builder, (const char **) hd->fields);
          update_keys = g_strv_builder_end (builder);

          g_ptr_array_add (specs, method_spec_new (create, hd->fields));
          g_ptr_array_add (specs, method_spec_new (update, (const char * const *) update_keys));
          g_ptr_array_add (specs, method_spec_new (delete, delete_keys));
        }

      for (guint i = 0; i < specs->len; i++)
        {
          MethodSpec *spec = g_ptr_array_index (specs, i);

          g_hash_table_insert (index, spec->name, spec);
        }

      method_specs = specs;
      method_index = index;

      g_once_init_leave (&initialized, 1);
    }
}

static const MethodSpec *
lookup_method (const char *method)
{
  ensure_method_specs ();

  return g_hash_table_lookup (method_index, method);
}

/* Levenshtein distance, two rows. Inputs are short names. */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  g_autofree guint *prev = g_new (guint, lb + 1);
  g_autofree guint *cur = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    prev[j] = j;

  for (gsize i = 1; i <= la; i++)
    {
      guint *tmp;

      cur[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          guint best = prev[j] + 1;

          best = MIN (best, cur[j - 1] + 1);
          best = MIN (best, prev[j - 1] + cost);
          cur[j] = best;
        }

      tmp = prev;
      prev = cur;
      cur = tmp;
    }

  return prev[lb];
}

/* The candidate nearest to @word; ties go to the earliest candidate. */
static const char *
closest_name (const char         *word,
              const char * const *candidates,
              guint               n_candidates)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;

  for (guint i = 0; i < n_candidates; i++)
    {
      guint d = edit_distance (word, candidates[i]);

      if (d < best_distance)
        {
          best = candidates[i];
          best_distance = d;
        }
    }

  return best;
}

static gboolean
strv_has (const char * const *strv,
          const char         *str)
{
  return g_strv_contains (strv, str);
}

static void
append_name_list (GString            *out,
                  const char * const *names)
{
  g_string_append_c (out, '[');
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, names[i]);
    }
  g_string_append_c (out, ']');
}

/* {key: value, ...} in the order of @object, values as in describe(). */
static void
append_dict (GString    *out,
             JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  if (object != NULL)
    {
      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        {
          if (!first)
            g_string_append (out, ", ");
          first = FALSE;
          g_string_append_printf (out, "%s: ", name);
          _hb_api_call_append_value (out, node);
        }
    }
  g_string_append_c (out, '}');
}

static void
append_call (GString   *out,
             HbApiCall *call)
{
  g_autofree char *text = hb_api_call_describe (call);

  g_string_append_printf (out, "#%u %s", hb_api_call_get_index (call), text);
}

/* [#0 turn_on(...), #3 turn_on(...)] over calls[from..], capped at MAX_LISTED_CALLS. */
static void
append_call_list (GString   *out,
                  GPtrArray *calls,
                  guint      from)
{
  guint n = calls != NULL ? calls->len : 0;
  guint listed = 0;

  g_string_append_c (out, '[');
  for (guint i = from; i < n; i++)
    {
      if (listed == MAX_LISTED_CALLS)
        {
          g_string_append_printf (out, ", ... and %u more", n - i);
          break;
        }
      if (listed > 0)
        g_string_append (out, ", ");
      append_call (out, g_ptr_array_index (calls, i));
      listed++;
    }
  g_string_append_c (out, ']');
}

static const HelperDomain *
find_helper_domain (const char *domain,
                    guint      *index)
{
  if (domain == NULL)
    return NULL;

  for (guint i = 0; i < N_HELPER_DOMAINS; i++)
    {
      if (strcmp (helper_domains[i].domain, domain) == 0)
        {
          if (index != NULL)
            *index = i;
          return &helper_domains[i];
        }
    }

  return NULL;
}

static gboolean
check_helper_domain (const char  *domain,
                     guint       *index,
                     GError     **error)
{
  GString *msg;

  if (find_helper_domain (domain, index) != NULL)
    return TRUE;

  msg = g_string_new (NULL);
  g_string_append_printf (msg, "Unknown helper domain: %s. Expected one of: [",
                          domain != NULL ? domain : "(null)");
  for (guint i = 0; i < N_HELPER_DOMAINS; i++)
    {
      if (i > 0)
        g_string_append (msg, ", ");
      g_string_append (msg, helper_domains[i].domain);
    }
  g_string_append_c (msg, ']');

  g_set_error_literal (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, msg->str);
  g_string_free (msg, TRUE);

  return FALSE;
}

static HelperStore *
helper_store_new (void)
{
  HelperStore *store = g_new0 (HelperStore, 1);

  store->records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  store->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return store;
}

static void
helper_store_free (HelperStore *store)
{
  g_clear_pointer (&store->by_id, g_hash_table_unref);
  g_clear_pointer (&store->records, g_ptr_array_unref);
  g_free (store);
}

static HelperStore *
get_helper_store (HbRecordingApi *self,
                  guint           index)
{
  g_assert (index < N_HELPER_DOMAINS);

  if (self->helpers[index] == NULL)
    self->helpers[index] = helper_store_new ();

  return self->helpers[index];
}

static void
clear_helpers (HbRecordingApi *self)
{
  for (guint i = 0; i < N_HELPER_DOMAINS; i++)
    g_clear_pointer (&self->helpers[i], helper_store_free);
}

static void
hb_recording_api_dispose (GObject *object)
{
  HbRecordingApi *self = HB_RECORDING_API (object);

  g_clear_object (&self->states);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (hb_recording_api_parent_class)->dispose (object);
}

static void
hb_recording_api_finalize (GObject *object)
{
  HbRecordingApi *self = HB_RECORDING_API (object);

  g_clear_pointer (&self->by_method, g_hash_table_unref);
  g_clear_pointer (&self->calls, g_ptr_array_unref);
  clear_helpers (self);

  G_OBJECT_CLASS (hb_recording_api_parent_class)->finalize (object);
}

static void
hb_recording_api_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HbRecordingApi *self = HB_RECORDING_API (object);

  switch (prop_id)
    {
    case PROP_STATES:
      g_value_set_object (value, self->states);
      break;

    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_recording_api_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HbRecordingApi *self = HB_RECORDING_API (object);

  switch (prop_id)
    {
    case PROP_STATES:
      self->states = g_value_dup_object (value);
      break;

    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_recording_api_class_init (HbRecordingApiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hb_recording_api_dispose;
  object_class->finalize = hb_recording_api_finalize;
  object_class->get_property = hb_recording_api_get_property;
  object_class->set_property = hb_recording_api_set_property;

  properties[PROP_STATES] =
    g_param_spec_object ("states", NULL, NULL,
                         HB_TYPE_STATES,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL,
                         HB_TYPE_CLOCK,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HbRecordingApi::call-recorded:
   * @call: the new HbApiCall, already in the model
   */
  signals[CALL_RECORDED] =
    g_signal_new ("call-recorded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, HB_TYPE_API_CALL);
}

static void
hb_recording_api_init (HbRecordingApi *self)
{
  self->calls = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_method = g_hash_table_new_full (g_str_hash, g_str_equal,
                                           g_free, (GDestroyNotify) g_ptr_array_unref);
}

static GType
hb_recording_api_get_item_type (GListModel *model)
{
  return HB_TYPE_API_CALL;
}

static guint
hb_recording_api_get_n_items (GListModel *model)
{
  return HB_RECORDING_API (model)->calls->len;
}

static gpointer
hb_recording_api_get_item (GListModel *model,
                           guint       position)
{
  HbRecordingApi *self = HB_RECORDING_API (model);

  if (position >= self->calls->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->calls, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hb_recording_api_get_item_type;
  iface->get_n_items = hb_recording_api_get_n_items;
  iface->get_item = hb_recording_api_get_item;
}

/**
 * hb_recording_api_new:
 * @states: the store reads answer from
 * @clock: (nullable): stamps each call; %NULL stamps 0
 *
 * Returns: (transfer full): a new recorder with no calls
 */
HbRecordingApi *
hb_recording_api_new (HbStates *states,
                      HbClock  *clock)
{
  g_return_val_if_fail (HB_IS_STATES (states), NULL);
  g_return_val_if_fail (clock == NULL || HB_IS_CLOCK (clock), NULL);

  return g_object_new (HB_TYPE_RECORDING_API,
                       "states", states,
                       "clock", clock,
                       NULL);
}

/*
 * Recording
 */

static void
record (HbRecordingApi *self,
        const char     *method,
        JsonObject     *kwargs)
{
  g_autoptr(HbApiCall) call = NULL;
  GPtrArray *same_method;
  gint64 now = self->clock != NULL ? hb_clock_get_now_usec (self->clock) : 0;
  guint position = self->calls->len;

  g_assert (lookup_method (method) != NULL);

  /* hb_api_call_new() deep-copies @kwargs: nothing the caller passed in stays shared. */
  call = hb_api_call_new (position, method, kwargs, now);

  g_ptr_array_add (self->calls, g_object_ref (call));

  same_method = g_hash_table_lookup (self->by_method, method);
  if (same_method == NULL)
    {
      same_method = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->by_method, g_strdup (method), same_method);
    }
  g_ptr_array_add (same_method, g_object_ref (call));

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  g_signal_emit (self, signals[CALL_RECORDED], 0, call);
}

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;

  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }

  return TRUE;
}

static void
set_object_or_null (JsonObject *object,
                    const char *name,
                    JsonObject *value)
{
  if (value != NULL)
    json_object_set_object_member (object, name, json_object_ref (value));
  else
    json_object_set_null_member (object, name);
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/* Adds the members of @data after the named arguments. A member with the name of an
 * argument is refused rather than letting one silently replace the other. The nodes are
 * shared only until record() deep-copies the whole kwargs. */
static gboolean
merge_data (JsonObject  *kwargs,
            JsonObject  *data,
            const char  *method,
            GError     **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (data == NULL)
    return TRUE;

  json_object_iter_init_ordered (&iter, data);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (json_object_has_member (kwargs, name))
        {
          g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                       "%s: data key '%s' collides with the argument of the same name",
                       method, name);
          return FALSE;
        }
    }

  json_object_iter_init_ordered (&iter, data);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    json_object_set_member (kwargs, name, json_node_copy (node));

  return TRUE;
}

static gboolean
record_entity_action (HbRecordingApi  *self,
                      const char      *method,
                      const char      *entity_id,
                      const char      *domain,
                      JsonObject      *data,
                      GError         **error)
{
  g_autoptr(JsonObject) kwargs = NULL;
  g_autofree char *derived = NULL;

  if (!hb_entity_id_validate (entity_id, error))
    {
      g_prefix_error (error, "%s: ", method);
      return FALSE;
    }

  if (domain == NULL)
    {
      const char *dot = strchr (entity_id, '.');

      g_assert (dot != NULL);
      derived = g_strndup (entity_id, dot - entity_id);
      domain = derived;
    }
  else if (is_blank (domain))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "%s: domain for '%s' must not be blank (pass NULL to use the entity's own)",
                   method, entity_id);
      return FALSE;
    }

  kwargs = json_object_new ();
  json_object_set_string_member (kwargs, "entity_id", entity_id);
  json_object_set_string_member (kwargs, "domain", domain);

  if (!merge_data (kwargs, data, method, error))
    return FALSE;

  /* Recorded under its own name, never translated into a call_service (reference trap
   * F4): tests assert on what the app called. */
  record (self, method, kwargs);

  return TRUE;
}

gboolean
hb_recording_api_turn_on (HbRecordingApi  *self,
                          const char      *entity_id,
                          const char      *domain,
                          JsonObject      *data,
                          GError         **error)
{
  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return record_entity_action (self, "turn_on", entity_id, domain, data, error);
}

gboolean
hb_recording_api_turn_off (HbRecordingApi  *self,
                           const char      *entity_id,
                           const char      *domain,
                           JsonObject      *data,
                           GError         **error)
{
  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return record_entity_action (self, "turn_off", entity_id, domain, data, error);
}

gboolean
hb_recording_api_toggle (HbRecordingApi  *self,
                         const char      *entity_id,
                         const char      *domain,
                         JsonObject      *data,
                         GError         **error)
{
  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return record_entity_action (self, "toggle", entity_id, domain, data, error);
}

gboolean
hb_recording_api_call_service (HbRecordingApi  *self,
                               const char      *domain,
                               const char      *service,
                               JsonObject      *target,
                               gboolean         return_response,
                               JsonObject      *data,
                               GError         **error)
{
  g_autoptr(JsonObject) kwargs = NULL;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_blank (domain))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "call_service: domain must not be blank (service '%s')",
                   service != NULL ? service : "(null)");
      return FALSE;
    }

  if (is_blank (service))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "call_service: service must not be blank (domain '%s')", domain);
      return FALSE;
    }

  kwargs = json_object_new ();
  json_object_set_string_member (kwargs, "domain", domain);
  json_object_set_string_member (kwargs, "service", service);
  set_object_or_null (kwargs, "target", target);
  json_object_set_boolean_member (kwargs, "return_response", return_response ? TRUE : FALSE);

  if (!merge_data (kwargs, data, "call_service", error))
    return FALSE;

  record (self, "call_service", kwargs);

  return TRUE;
}

gboolean
hb_recording_api_set_state (HbRecordingApi  *self,
                            const char      *entity_id,
                            const char      *state,
                            JsonObject      *attributes,
                            GError         **error)
{
  g_autoptr(JsonObject) kwargs = NULL;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!hb_entity_id_validate (entity_id, error))
    {
      g_prefix_error (error, "set_state: ");
      return FALSE;
    }

  if (state == NULL)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "set_state: state of '%s' must not be NULL", entity_id);
      return FALSE;
    }

  kwargs = json_object_new ();
  json_object_set_string_member (kwargs, "entity_id", entity_id);
  json_object_set_string_member (kwargs, "state", state);
  set_object_or_null (kwargs, "attributes", attributes);

  record (self, "set_state", kwargs);

  return TRUE;
}

gboolean
hb_recording_api_fire_event (HbRecordingApi  *self,
                             const char      *event_type,
                             JsonObject      *event_data,
                             GError         **error)
{
  g_autoptr(JsonObject) kwargs = NULL;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_blank (event_type))
    {
      g_set_error_literal (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                           "fire_event: event_type must not be blank");
      return FALSE;
    }

  kwargs = json_object_new ();
  json_object_set_string_member (kwargs, "event_type", event_type);
  set_object_or_null (kwargs, "event_data", event_data);

  record (self, "fire_event", kwargs);

  return TRUE;
}

/* "notify.x" and "x" both name the notifier "x". Anything else with a dot names another
 * domain's service, which notify cannot reach. */
static char *
normalise_notifier (const char  *notifier,
                    GError     **error)
{
  const char *name = notifier;

  if (!is_blank (notifier) && g_str_has_prefix (notifier, "notify."))
    name = notifier + strlen ("notify.");

  if (is_blank (name))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "notify: notifier must not be blank (got '%s')",
                   notifier != NULL ? notifier : "(null)");
      return NULL;
    }

  if (strchr (name, '.') != NULL)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "notify: notifier '%s' is not a notify service; "
                   "expected 'name' or 'notify.name'", notifier);
      return NULL;
    }

  return g_strdup (name);
}

gboolean
hb_recording_api_notify (HbRecordingApi  *self,
                         const char      *message,
                         const char      *notifier,
                         const char      *title,
                         JsonObject      *data,
                         GError         **error)
{
  g_autoptr(JsonObject) kwargs = NULL;
  g_autofree char *normalised = NULL;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (message == NULL)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "notify: message must not be NULL (notifier '%s')",
                   notifier != NULL ? notifier : "(null)");
      return FALSE;
    }

  normalised = normalise_notifier (notifier, error);
  if (normalised == NULL)
    return FALSE;

  kwargs = json_object_new ();
  json_object_set_string_member (kwargs, "message", message);
  json_object_set_string_member (kwargs, "notifier", normalised);
  set_string_or_null (kwargs, "title", title);
  set_object_or_null (kwargs, "data", data);

  record (self, "notify", kwargs);

  return TRUE;
}

/*
 * Helpers
 */

/* Params may carry only the domain's fields (plus "id" for a seeded record). An unknown
 * field is refused here so that every recorded helper call can also be asserted on: the
 * assertions reject keys outside the same list. */
static gboolean
check_helper_fields (const HelperDomain  *hd,
                     JsonObject          *params,
                     gboolean             allow_id,
                     const char          *what,
                     GError             **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (params == NULL)
    return TRUE;

  json_object_iter_init_ordered (&iter, params);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (allow_id && strcmp (name, "id") == 0)
        continue;

      if (!strv_has (hd->fields, name))
        {
          g_autoptr(GString) msg = g_string_new (NULL);
          guint n_fields = g_strv_length ((char **) hd->fields);

          g_string_append_printf (msg, "%s: unknown %s helper field '%s'. Did you mean '%s'? "
                                  "Expected one of: ",
                                  what, hd->domain, name,
                                  closest_name (name, hd->fields, n_fields));
          append_name_list (msg, hd->fields);
          g_set_error_literal (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, msg->str);
          return FALSE;
        }

      if (strcmp (name, "name") == 0 &&
          !JSON_NODE_HOLDS_NULL (node) &&
          !(JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING))
        {
          g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                       "%s: %s helper field 'name' must be a string", what, hd->domain);
          return FALSE;
        }
    }

  return TRUE;
}

/* Lower-case ASCII (accents transliterated: "Café" -> "cafe"), every run of other
 * characters one '_', none at either end. */
static char *
slugify (const char *name)
{
  g_autofree char *ascii = NULL;
  GString *out;
  gboolean pending_separator = FALSE;

  if (name == NULL || name[0] == '\0')
    return g_strdup ("");

  ascii = g_str_to_ascii (name, "C");
  out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (pending_separator && out->len > 0)
            g_string_append_c (out, '_');
          pending_separator = FALSE;
          g_string_append_c (out, g_ascii_tolower (*p));
        }
      else
        {
          pending_separator = TRUE;
        }
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return g_strdup ("unknown");
    }

  return g_string_free (out, FALSE);
}

static void
helper_store_add (HelperStore *store,
                  const char  *id,
                  JsonObject  *record)
{
  g_assert (!g_hash_table_contains (store->by_id, id));

  g_ptr_array_add (store->records, record);
  g_hash_table_insert (store->by_id, g_strdup (id), record);
}

gboolean
hb_recording_api_seed_helper (HbRecordingApi  *self,
                              const char      *domain,
                              JsonObject      *record,
                              GError         **error)
{
  const HelperDomain *hd;
  HelperStore *store;
  JsonNode *id_node;
  const char *id;
  guint index = 0;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_helper_domain (domain, &index, error))
    return FALSE;
  hd = &helper_domains[index];

  if (record == NULL)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "seed_helper: the %s record must not be NULL", domain);
      return FALSE;
    }

  id_node = json_object_get_member (record, "id");
  if (id_node == NULL ||
      !JSON_NODE_HOLDS_VALUE (id_node) ||
      json_node_get_value_type (id_node) != G_TYPE_STRING)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "seed_helper: the %s record needs a string \"id\"", domain);
      return FALSE;
    }
  id = json_node_get_string (id_node);

  if (!check_helper_fields (hd, record, TRUE, "seed_helper", error))
    return FALSE;

  store = get_helper_store (self, index);
  if (g_hash_table_contains (store->by_id, id))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_DUPLICATE_NAME,
                   "%s helper '%s' already exists.", domain, id);
      return FALSE;
    }

  helper_store_add (store, id, hb_json_object_copy (record));

  return TRUE;
}

JsonObject *
hb_recording_api_create_helper (HbRecordingApi  *self,
                                const char      *domain,
                                JsonObject      *params,
                                GError         **error)
{
  g_autofree char *method = NULL;
  g_autofree char *base = NULL;
  g_autofree char *id = NULL;
  const HelperDomain *hd;
  HelperStore *store;
  JsonObject *created;
  JsonNode *name_node;
  const char *name = NULL;
  guint index = 0;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_helper_domain (domain, &index, error))
    return NULL;
  hd = &helper_domains[index];

  method = g_strdup_printf ("create_%s", domain);
  if (!check_helper_fields (hd, params, FALSE, method, error))
    return NULL;

  {
    g_autoptr(JsonObject) kwargs = params != NULL ? json_object_ref (params) : json_object_new ();

    record (self, method, kwargs);
  }

  name_node = params != NULL ? json_object_get_member (params, "name") : NULL;
  if (name_node != NULL && !JSON_NODE_HOLDS_NULL (name_node))
    name = json_node_get_string (name_node);

  store = get_helper_store (self, index);
  base = slugify (name);
  id = g_strdup (base);
  for (guint n = 2; g_hash_table_contains (store->by_id, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s_%u", base, n);
    }

  created = json_object_new ();
  json_object_set_string_member (created, "id", id);
  if (params != NULL)
    {
      g_autoptr(JsonObject) copy = hb_json_object_copy (params);
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      json_object_iter_init_ordered (&iter, copy);
      while (json_object_iter_next_ordered (&iter, &member, &node))
        json_object_set_member (created, member, json_node_copy (node));
    }

  helper_store_add (store, id, created);

  return hb_json_object_copy (created);
}

JsonObject *
hb_recording_api_update_helper (HbRecordingApi  *self,
                                const char      *domain,
                                const char      *helper_id,
                                JsonObject      *params,
                                GError         **error)
{
  g_autoptr(JsonObject) kwargs = NULL;
  g_autofree char *method = NULL;
  const HelperDomain *hd;
  HelperStore *store;
  JsonObject *existing;
  guint index = 0;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), NULL);
  g_return_val_if_fail (helper_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_helper_domain (domain, &index, error))
    return NULL;
  hd = &helper_domains[index];

  method = g_strdup_printf ("update_%s", domain);
  if (!check_helper_fields (hd, params, FALSE, method, error))
    return NULL;

  kwargs = json_object_new ();
  json_object_set_string_member (kwargs, "helper_id", helper_id);
  if (!merge_data (kwargs, params, method, error))
    return NULL;

  /* Recorded before the lookup, as the reference does: a test can assert that the app
   * tried to update a helper that does not exist. */
  record (self, method, kwargs);

  store = get_helper_store (self, index);
  existing = g_hash_table_lookup (store->by_id, helper_id);
  if (existing == NULL)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_NOT_FOUND,
                   "%s helper '%s' not found. "
                   "Seed it with hb_recording_api_seed_helper() first.",
                   domain, helper_id);
      return NULL;
    }

  if (params != NULL)
    {
      g_autoptr(JsonObject) copy = hb_json_object_copy (params);
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      json_object_iter_init_ordered (&iter, copy);
      while (json_object_iter_next_ordered (&iter, &member, &node))
        json_object_set_member (existing, member, json_node_copy (node));
    }

  return hb_json_object_copy (existing);
}

gboolean
hb_recording_api_delete_helper (HbRecordingApi  *self,
                                const char      *domain,
                                const char      *helper_id,
                                GError         **error)
{
  g_autoptr(JsonObject) kwargs = NULL;
  g_autofree char *method = NULL;
  HelperStore *store;
  JsonObject *existing;
  guint index = 0;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (helper_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_helper_domain (domain, &index, error))
    return FALSE;

  method = g_strdup_printf ("delete_%s", domain);
  kwargs = json_object_new ();
  json_object_set_string_member (kwargs, "helper_id", helper_id);
  record (self, method, kwargs);

  store = get_helper_store (self, index);
  existing = g_hash_table_lookup (store->by_id, helper_id);
  if (existing == NULL)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_NOT_FOUND,
                   "%s helper '%s' not found.", domain, helper_id);
      return FALSE;
    }

  g_hash_table_remove (store->by_id, helper_id);
  g_ptr_array_remove (store->records, existing);

  return TRUE;
}

/**
 * hb_recording_api_list_helpers:
 * @domain: a helper domain
 *
 * Returns: (transfer full): copies of @domain's records, in creation order
 */
JsonArray *
hb_recording_api_list_helpers (HbRecordingApi *self,
                               const char     *domain)
{
  HelperStore *store;
  JsonArray *array;
  guint index = 0;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), NULL);
  g_return_val_if_fail (find_helper_domain (domain, &index) != NULL, NULL);

  array = json_array_new ();
  store = self->helpers[index];
  if (store == NULL)
    return array;

  for (guint i = 0; i < store->records->len; i++)
    json_array_add_object_element (array,
                                   hb_json_object_copy (g_ptr_array_index (store->records, i)));

  return array;
}

gboolean
hb_recording_api_counter (HbRecordingApi  *self,
                          const char      *entity_id,
                          const char      *service,
                          GError         **error)
{
  g_autoptr(JsonObject) kwargs = NULL;
  JsonObject *target;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (service, "increment") != 0 &&
      g_strcmp0 (service, "decrement") != 0 &&
      g_strcmp0 (service, "reset") != 0)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "counter: unknown service '%s'. Expected one of: [increment, decrement, reset]",
                   service != NULL ? service : "(null)");
      return FALSE;
    }

  if (!hb_entity_id_validate (entity_id, error))
    {
      g_prefix_error (error, "counter %s: ", service);
      return FALSE;
    }

  target = json_object_new ();
  json_object_set_string_member (target, "entity_id", entity_id);

  kwargs = json_object_new ();
  json_object_set_string_member (kwargs, "domain", "counter");
  json_object_set_string_member (kwargs, "service", service);
  json_object_set_object_member (kwargs, "target", target);
  json_object_set_boolean_member (kwargs, "return_response", TRUE);

  record (self, "call_service", kwargs);

  return TRUE;
}

/*
 * Reads
 */

/**
 * hb_recording_api_get_state:
 *
 * Returns: (transfer none): the entity's state; see hb_states_get()
 */
HbState *
hb_recording_api_get_state (HbRecordingApi  *self,
                            const char      *entity_id,
                            GError         **error)
{
  g_return_val_if_fail (HB_IS_RECORDING_API (self), NULL);
  g_return_val_if_fail (entity_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return hb_states_get (self->states, entity_id, error);
}

HbState *
hb_recording_api_get_state_or_none (HbRecordingApi *self,
                                    const char     *entity_id)
{
  g_return_val_if_fail (HB_IS_RECORDING_API (self), NULL);
  g_return_val_if_fail (entity_id != NULL, NULL);

  return hb_states_lookup (self->states, entity_id);
}

gboolean
hb_recording_api_entity_exists (HbRecordingApi *self,
                                const char     *entity_id)
{
  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (entity_id != NULL, FALSE);

  return hb_states_lookup (self->states, entity_id) != NULL;
}

/*
 * Inspection
 */

static GPtrArray *
copy_calls (GPtrArray *calls,
            guint      from)
{
  guint n = calls != NULL ? calls->len : 0;
  GPtrArray *copy = g_ptr_array_new_full (n > from ? n - from : 0, g_object_unref);

  for (guint i = from; i < n; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (calls, i)));

  return copy;
}

/**
 * hb_recording_api_get_calls:
 * @method: (nullable): only calls of this method; %NULL for all
 *
 * Returns: (transfer container) (element-type HbApiCall): the calls in order. The array
 *   holds its own references, so it keeps its calls across hb_recording_api_reset().
 */
GPtrArray *
hb_recording_api_get_calls (HbRecordingApi *self,
                            const char     *method)
{
  g_return_val_if_fail (HB_IS_RECORDING_API (self), NULL);

  if (method == NULL)
    return copy_calls (self->calls, 0);

  return copy_calls (g_hash_table_lookup (self->by_method, method), 0);
}

guint
hb_recording_api_get_n_calls (HbRecordingApi *self)
{
  g_return_val_if_fail (HB_IS_RECORDING_API (self), 0);

  return self->calls->len;
}

guint
hb_recording_api_mark (HbRecordingApi *self)
{
  g_return_val_if_fail (HB_IS_RECORDING_API (self), 0);

  return self->calls->len;
}

/* Position of the first call in @calls (ordered by index) whose index is >= @mark. */
static guint
first_at_or_after (GPtrArray *calls,
                   guint      mark)
{
  guint lo = 0;
  guint hi = calls->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (hb_api_call_get_index (g_ptr_array_index (calls, mid)) < mark)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

GPtrArray *
hb_recording_api_get_calls_since (HbRecordingApi *self,
                                  guint           mark,
                                  const char     *method)
{
  GPtrArray *calls;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), NULL);

  if (method == NULL)
    return copy_calls (self->calls, mark);

  calls = g_hash_table_lookup (self->by_method, method);
  if (calls == NULL)
    return copy_calls (NULL, 0);

  return copy_calls (calls, first_at_or_after (calls, mark));
}

void
hb_recording_api_reset (HbRecordingApi *self)
{
  guint n;

  g_return_if_fail (HB_IS_RECORDING_API (self));

  n = self->calls->len;

  /* Drops only our references: arrays from get_calls() and items a view holds keep
   * their calls, and calls are immutable, so they keep their contents too. */
  g_ptr_array_set_size (self->calls, 0);
  g_hash_table_remove_all (self->by_method);
  clear_helpers (self);

  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

/*
 * Assertions
 */

static gboolean
check_signature (const char  *method,
                 JsonObject  *kwargs,
                 GError     **error)
{
  const MethodSpec *spec;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (method == NULL)
    {
      g_set_error_literal (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_UNKNOWN_METHOD,
                           "Unknown recorded API method (null).");
      return FALSE;
    }

  spec = lookup_method (method);
  if (spec == NULL)
    {
      const char *suggestion = NULL;
      guint best = G_MAXUINT;

      for (guint i = 0; i < method_specs->len; i++)
        {
          const MethodSpec *candidate = g_ptr_array_index (method_specs, i);
          guint d = edit_distance (method, candidate->name);

          if (d < best)
            {
              best = d;
              suggestion = candidate->name;
            }
        }

      g_set_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_UNKNOWN_METHOD,
                   "Unknown recorded API method '%s'. Did you mean '%s'?",
                   method, suggestion);
      return FALSE;
    }

  if (spec->keys == NULL || kwargs == NULL)
    return TRUE;

  json_object_iter_init_ordered (&iter, kwargs);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (!strv_has ((const char * const *) spec->keys, name))
        {
          g_autoptr(GString) msg = g_string_new (NULL);
          const char *suggestion = closest_name (name, (const char * const *) spec->keys,
                                                 g_strv_length (spec->keys));

          g_string_append_printf (msg, "Unknown key '%s' for '%s'. Did you mean '%s'? "
                                  "Valid keys: ", name, method, suggestion);
          append_name_list (msg, (const char * const *) spec->keys);
          g_set_error_literal (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_UNKNOWN_KEY,
                               msg->str);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
call_matches (HbApiCall  *call,
              JsonObject *expected,
              gboolean    exact)
{
  JsonObject *kwargs = hb_api_call_get_kwargs (call);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (expected == NULL)
    return !exact || json_object_get_size (kwargs) == 0;

  /* Keys are unique, so equal sizes plus every expected pair present means equal. */
  if (exact && json_object_get_size (kwargs) != json_object_get_size (expected))
    return FALSE;

  json_object_iter_init_ordered (&iter, expected);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      JsonNode *got = json_object_get_member (kwargs, name);

      if (got == NULL || !hb_json_equal (node, got))
        return FALSE;
    }

  return TRUE;
}

/* How far a call is from matching: missing + mismatched keys (+ extra keys if exact). */
static guint
call_distance (HbApiCall  *call,
               JsonObject *expected,
               gboolean    exact)
{
  JsonObject *kwargs = hb_api_call_get_kwargs (call);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  guint distance = 0;

  if (expected != NULL)
    {
      json_object_iter_init_ordered (&iter, expected);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        {
          JsonNode *got = json_object_get_member (kwargs, name);

          if (got == NULL || !hb_json_equal (node, got))
            distance++;
        }
    }

  if (exact)
    {
      json_object_iter_init_ordered (&iter, kwargs);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        {
          if (expected == NULL || !json_object_has_member (expected, name))
            distance++;
        }
    }

  return distance;
}

/* "missing={...}; mismatched={k: expected X, got Y}" and, for exact, "; extra={...}". */
static void
append_diff (GString    *out,
             HbApiCall  *call,
             JsonObject *expected,
             gboolean    exact)
{
  JsonObject *kwargs = hb_api_call_get_kwargs (call);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gboolean first;

  g_string_append (out, "missing={");
  first = TRUE;
  if (expected != NULL)
    {
      json_object_iter_init_ordered (&iter, expected);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        {
          if (json_object_has_member (kwargs, name))
            continue;
          if (!first)
            g_string_append (out, ", ");
          first = FALSE;
          g_string_append_printf (out, "%s: ", name);
          _hb_api_call_append_value (out, node);
        }
    }

  g_string_append (out, "}; mismatched={");
  first = TRUE;
  if (expected != NULL)
    {
      json_object_iter_init_ordered (&iter, expected);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        {
          JsonNode *got = json_object_get_member (kwargs, name);

          if (got == NULL || hb_json_equal (node, got))
            continue;
          if (!first)
            g_string_append (out, ", ");
          first = FALSE;
          g_string_append_printf (out, "%s: expected ", name);
          _hb_api_call_append_value (out, node);
          g_string_append (out, ", got ");
          _hb_api_call_append_value (out, got);
        }
    }
  g_string_append_c (out, '}');

  if (exact)
    {
      g_string_append (out, "; extra={");
      first = TRUE;
      json_object_iter_init_ordered (&iter, kwargs);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        {
          if (expected != NULL && json_object_has_member (expected, name))
            continue;
          if (!first)
            g_string_append (out, ", ");
          first = FALSE;
          g_string_append_printf (out, "%s: ", name);
          _hb_api_call_append_value (out, node);
        }
      g_string_append_c (out, '}');
    }
}

static gboolean
assert_called_impl (HbRecordingApi  *self,
                    const char      *method,
                    JsonObject      *kwargs,
                    gboolean         exact,
                    GError         **error)
{
  g_autoptr(GString) msg = NULL;
  GPtrArray *calls;
  HbApiCall *closest = NULL;
  guint best = G_MAXUINT;

  if (!check_signature (method, kwargs, error))
    return FALSE;

  calls = g_hash_table_lookup (self->by_method, method);
  if (calls == NULL || calls->len == 0)
    {
      g_set_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NOT_CALLED,
                   "Expected '%s' to have been called, but it was never called.", method);
      return FALSE;
    }

  for (guint i = 0; i < calls->len; i++)
    {
      if (call_matches (g_ptr_array_index (calls, i), kwargs, exact))
        return TRUE;
    }

  for (guint i = 0; i < calls->len; i++)
    {
      HbApiCall *call = g_ptr_array_index (calls, i);
      guint d = call_distance (call, kwargs, exact);

      if (d < best)
        {
          best = d;
          closest = call;
        }
    }

  msg = g_string_new (NULL);
  g_string_append_printf (msg, "'%s' was called %u time(s), but none matched %s",
                          method, calls->len, exact ? "exactly " : "");
  append_dict (msg, kwargs);
  g_string_append_printf (msg, ". Closest call #%u: ", hb_api_call_get_index (closest));
  append_diff (msg, closest, kwargs, exact);
  g_string_append (msg, ". Calls recorded: ");
  append_call_list (msg, calls, 0);

  g_set_error_literal (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NO_MATCH, msg->str);

  return FALSE;
}

gboolean
hb_recording_api_assert_called (HbRecordingApi  *self,
                                const char      *method,
                                JsonObject      *kwargs,
                                GError         **error)
{
  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return assert_called_impl (self, method, kwargs, FALSE, error);
}

gboolean
hb_recording_api_assert_called_exact (HbRecordingApi  *self,
                                      const char      *method,
                                      JsonObject      *kwargs,
                                      GError         **error)
{
  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return assert_called_impl (self, method, kwargs, TRUE, error);
}

gboolean
hb_recording_api_assert_not_called (HbRecordingApi  *self,
                                    const char      *method,
                                    JsonObject      *kwargs,
                                    GError         **error)
{
  g_autoptr(GPtrArray) matched = NULL;
  g_autoptr(GString) msg = NULL;
  GPtrArray *calls;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_signature (method, kwargs, error))
    return FALSE;

  calls = g_hash_table_lookup (self->by_method, method);
  if (calls == NULL || calls->len == 0)
    return TRUE;

  if (kwargs == NULL)
    {
      msg = g_string_new (NULL);
      g_string_append_printf (msg,
                              "Expected '%s' not to have been called, but it was called "
                              "%u time(s). Calls recorded: ", method, calls->len);
      append_call_list (msg, calls, 0);
      g_set_error_literal (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_CALLED, msg->str);
      return FALSE;
    }

  matched = g_ptr_array_new ();
  for (guint i = 0; i < calls->len; i++)
    {
      HbApiCall *call = g_ptr_array_index (calls, i);

      if (call_matches (call, kwargs, FALSE))
        g_ptr_array_add (matched, call);
    }

  if (matched->len == 0)
    return TRUE;

  msg = g_string_new (NULL);
  g_string_append_printf (msg, "Expected no '%s' call matching ", method);
  append_dict (msg, kwargs);
  g_string_append_printf (msg, ", but %u call(s) matched: ", matched->len);
  append_call_list (msg, matched, 0);
  g_set_error_literal (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_CALLED, msg->str);

  return FALSE;
}

gboolean
hb_recording_api_assert_call_count (HbRecordingApi  *self,
                                    const char      *method,
                                    guint            count,
                                    JsonObject      *kwargs,
                                    GError         **error)
{
  g_autoptr(GString) msg = NULL;
  GPtrArray *calls;
  guint n_calls;
  guint n_matched = 0;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_signature (method, kwargs, error))
    return FALSE;

  calls = g_hash_table_lookup (self->by_method, method);
  n_calls = calls != NULL ? calls->len : 0;

  for (guint i = 0; i < n_calls; i++)
    {
      if (call_matches (g_ptr_array_index (calls, i), kwargs, FALSE))
        n_matched++;
    }

  if (n_matched == count)
    return TRUE;

  msg = g_string_new (NULL);
  g_string_append_printf (msg, "Expected '%s' to have been called %u time(s)", method, count);
  if (kwargs != NULL)
    {
      g_string_append (msg, " matching ");
      append_dict (msg, kwargs);
      g_string_append_printf (msg, ", but %u call(s) matched (%u call(s) of '%s' in all)",
                              n_matched, n_calls, method);
    }
  else
    {
      g_string_append_printf (msg, ", but it was called %u time(s)", n_calls);
    }
  g_string_append (msg, ". Calls recorded: ");
  append_call_list (msg, calls, 0);
  g_set_error_literal (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_COUNT, msg->str);

  return FALSE;
}

/* Checks one {"method": m, "kwargs": {...}} item of a sequence. */
static gboolean
parse_sequence_item (JsonArray    *expected,
                     guint         i,
                     const char  **method,
                     JsonObject  **kwargs,
                     GError      **error)
{
  JsonNode *item = json_array_get_element (expected, i);
  JsonObjectIter iter;
  JsonObject *object;
  JsonNode *method_node;
  JsonNode *kwargs_node;
  const char *name;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (item))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Sequence item %u is not an object; expected "
                   "{\"method\": ..., \"kwargs\": {...}}", i);
      return FALSE;
    }
  object = json_node_get_object (item);

  method_node = json_object_get_member (object, "method");
  if (method_node == NULL ||
      !JSON_NODE_HOLDS_VALUE (method_node) ||
      json_node_get_value_type (method_node) != G_TYPE_STRING)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Sequence item %u needs a string \"method\"", i);
      return FALSE;
    }

  kwargs_node = json_object_get_member (object, "kwargs");
  if (kwargs_node != NULL && !JSON_NODE_HOLDS_NULL (kwargs_node) &&
      !JSON_NODE_HOLDS_OBJECT (kwargs_node))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Sequence item %u: \"kwargs\" must be an object", i);
      return FALSE;
    }

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (strcmp (name, "method") != 0 && strcmp (name, "kwargs") != 0)
        {
          g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                       "Sequence item %u has an unknown member '%s'; "
                       "expected only \"method\" and \"kwargs\"", i, name);
          return FALSE;
        }
    }

  *method = json_node_get_string (method_node);
  *kwargs = kwargs_node != NULL && JSON_NODE_HOLDS_OBJECT (kwargs_node)
              ? json_node_get_object (kwargs_node) : NULL;

  return TRUE;
}

/**
 * hb_recording_api_assert_sequence:
 *
 * Each expected call is looked for after the previous one's match (first match wins),
 * so the walk is one pass over the calls since @since.
 */
gboolean
hb_recording_api_assert_sequence (HbRecordingApi  *self,
                                  guint            since,
                                  JsonArray       *expected,
                                  GError         **error)
{
  HbApiCall *previous = NULL;
  guint n_expected;
  guint position = since;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (expected != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n_expected = json_array_get_length (expected);

  /* Validate the whole sequence first: a typo in the last item is reported as such,
   * not hidden behind an order failure of an earlier one. */
  for (guint k = 0; k < n_expected; k++)
    {
      const char *method;
      JsonObject *kwargs;

      if (!parse_sequence_item (expected, k, &method, &kwargs, error))
        return FALSE;
      if (!check_signature (method, kwargs, error))
        {
          g_prefix_error (error, "Sequence item %u: ", k);
          return FALSE;
        }
    }

  for (guint k = 0; k < n_expected; k++)
    {
      g_autoptr(GString) msg = NULL;
      const char *method = NULL;
      JsonObject *kwargs = NULL;
      gboolean found = FALSE;

      parse_sequence_item (expected, k, &method, &kwargs, NULL);

      for (; position < self->calls->len; position++)
        {
          HbApiCall *call = g_ptr_array_index (self->calls, position);

          if (strcmp (hb_api_call_get_method (call), method) == 0 &&
              call_matches (call, kwargs, FALSE))
            {
              previous = call;
              found = TRUE;
              position++;
              break;
            }
        }

      if (found)
        continue;

      msg = g_string_new (NULL);
      g_string_append_printf (msg, "Expected call %u of %u in the sequence, '%s'",
                              k + 1, n_expected, method);
      if (kwargs != NULL)
        {
          g_string_append (msg, " matching ");
          append_dict (msg, kwargs);
        }
      if (previous != NULL)
        {
          g_string_append (msg, ", was not found after ");
          append_call (msg, previous);
        }
      else
        {
          g_string_append_printf (msg, ", was not found after mark %u", since);
        }
      g_string_append_printf (msg, ". Calls since mark %u: ", since);
      append_call_list (msg, self->calls, since);
      g_set_error_literal (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_ORDER, msg->str);

      return FALSE;
    }

  return TRUE;
}

/* NULL text is no kwargs; anything else must parse as a JSON object. */
static gboolean
parse_kwargs_json (const char  *text,
                   JsonObject **kwargs,
                   GError     **error)
{
  *kwargs = NULL;

  if (text == NULL)
    return TRUE;

  *kwargs = hb_json_object_from_string (text, error);

  return *kwargs != NULL;
}

gboolean
hb_recording_api_assert_called_json (HbRecordingApi  *self,
                                     const char      *method,
                                     const char      *kwargs_json,
                                     GError         **error)
{
  g_autoptr(JsonObject) kwargs = NULL;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_kwargs_json (kwargs_json, &kwargs, error))
    return FALSE;

  return assert_called_impl (self, method, kwargs, FALSE, error);
}

gboolean
hb_recording_api_assert_called_exact_json (HbRecordingApi  *self,
                                           const char      *method,
                                           const char      *kwargs_json,
                                           GError         **error)
{
  g_autoptr(JsonObject) kwargs = NULL;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_kwargs_json (kwargs_json, &kwargs, error))
    return FALSE;

  return assert_called_impl (self, method, kwargs, TRUE, error);
}

gboolean
hb_recording_api_assert_not_called_json (HbRecordingApi  *self,
                                         const char      *method,
                                         const char      *kwargs_json,
                                         GError         **error)
{
  g_autoptr(JsonObject) kwargs = NULL;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_kwargs_json (kwargs_json, &kwargs, error))
    return FALSE;

  return hb_recording_api_assert_not_called (self, method, kwargs, error);
}

gboolean
hb_recording_api_assert_call_count_json (HbRecordingApi  *self,
                                         const char      *method,
                                         guint            count,
                                         const char      *kwargs_json,
                                         GError         **error)
{
  g_autoptr(JsonObject) kwargs = NULL;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_kwargs_json (kwargs_json, &kwargs, error))
    return FALSE;

  return hb_recording_api_assert_call_count (self, method, count, kwargs, error);
}

gboolean
hb_recording_api_assert_sequence_json (HbRecordingApi  *self,
                                       guint            since,
                                       const char      *expected_json,
                                       GError         **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (HB_IS_RECORDING_API (self), FALSE);
  g_return_val_if_fail (expected_json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  root = hb_json_from_string (expected_json, error);
  if (root == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_JSON,
                   "Expected a JSON array of {\"method\": ..., \"kwargs\": {...}}, got %s",
                   json_node_type_name (root));
      return FALSE;
    }

  return hb_recording_api_assert_sequence (self, since, json_node_get_array (root), error);
}

gboolean
hb_recording_api_is_method (const char *method)
{
  if (method == NULL)
    return FALSE;

  return lookup_method (method) != NULL;
}
