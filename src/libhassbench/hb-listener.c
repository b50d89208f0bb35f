/* hb-listener.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "hb-listener.h"
#include "hb-listener-private.h"
#include "hb-condition-private.h"
#include "hb-predicate-private.h"
#include "hb-error.h"
#include "hb-event.h"
#include "hb-json.h"
#include "hb-state.h"

#define GLOB_CHARS "*?["

G_DEFINE_FINAL_TYPE (HbListener, hb_listener, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_TOPIC,
  PROP_ENTITY_ID,
  PROP_ATTRIBUTE,
  PROP_MODE,
  PROP_PRIORITY,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
data_filter_free (gpointer data)
{
  HbDataFilter *filter = data;

  g_free (filter->key);
  g_free (filter->pattern);
  g_clear_pointer (&filter->condition, hb_condition_unref);
  g_free (filter);
}

static void
hb_listener_dispose (GObject *object)
{
  HbListener *self = (HbListener *)object;

  /* The bus clears these on removal; this only covers a listener dropped mid-flight. */
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_queue_clear_full (&self->queued, g_object_unref);
  g_clear_object (&self->debounce_hold.task);
  g_clear_object (&self->debounce_hold.event);
  g_clear_object (&self->duration_hold.task);
  g_clear_object (&self->duration_hold.event);
  g_clear_object (&self->immediate_task);

  if (self->handler_destroy != NULL)
    {
      GDestroyNotify destroy = g_steal_pointer (&self->handler_destroy);

      destroy (g_steal_pointer (&self->handler_data));
    }
  self->handler = NULL;

  g_clear_pointer (&self->changed_comparison, hb_condition_unref);
  g_clear_pointer (&self->changed_from, hb_condition_unref);
  g_clear_pointer (&self->changed_to, hb_condition_unref);
  g_clear_pointer (&self->where, g_ptr_array_unref);
  g_clear_pointer (&self->data_filters, g_ptr_array_unref);

  G_OBJECT_CLASS (hb_listener_parent_class)->dispose (object);
}

static void
hb_listener_finalize (GObject *object)
{
  HbListener *self = (HbListener *)object;

  g_free (self->name);
  g_free (self->topic);
  g_free (self->entity_id);
  g_free (self->attribute);
  g_free (self->owner);
  g_free (self->task_name);
  g_free (self->domain);

  G_OBJECT_CLASS (hb_listener_parent_class)->finalize (object);
}

static void
hb_listener_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HbListener *self = HB_LISTENER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_TOPIC:
      g_value_set_string (value, self->topic);
      break;

    case PROP_ENTITY_ID:
      g_value_set_string (value, self->entity_id);
      break;

    case PROP_ATTRIBUTE:
      g_value_set_string (value, self->attribute);
      break;

    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    case PROP_PRIORITY:
      g_value_set_int (value, self->priority);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_listener_class_init (HbListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hb_listener_dispose;
  object_class->finalize = hb_listener_finalize;
  object_class->get_property = hb_listener_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOPIC] =
    g_param_spec_string ("topic", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENTITY_ID] =
    g_param_spec_string ("entity-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTRIBUTE] =
    g_param_spec_string ("attribute", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, HB_TYPE_MODE, HB_MODE_SINGLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRIORITY] =
    g_param_spec_int ("priority", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hb_listener_init (HbListener *self)
{
  self->changed = TRUE;
  self->mode = HB_MODE_SINGLE;
  self->where = g_ptr_array_new_with_free_func ((GDestroyNotify) hb_predicate_unref);
  self->data_filters = g_ptr_array_new_with_free_func (data_filter_free);
  g_queue_init (&self->queued);
}

static HbListener *
listener_new (const char     *name,
              HbListenerKind  kind,
              char           *topic)
{
  HbListener *self = g_object_new (HB_TYPE_LISTENER, NULL);

  self->name = g_strdup (name);
  self->kind = kind;
  self->topic = topic;

  return self;
}

static void
add_data_filter (HbListener *self,
                 const char *key,
                 const char *pattern)
{
  HbDataFilter *filter;

  if (pattern == NULL)
    return;

  filter = g_new0 (HbDataFilter, 1);
  filter->key = g_strdup (key);
  filter->pattern = g_strdup (pattern);
  g_ptr_array_add (self->data_filters, filter);
}

static char *
state_topic (const char *entity_id)
{
  if (entity_id == NULL)
    return g_strdup (HB_TOPIC_STATE_CHANGED);
  return g_strconcat (HB_TOPIC_STATE_CHANGED, ".", entity_id, NULL);
}

HbListener *
hb_listener_new_state_change (const char *name,
                              const char *entity_id)
{
  HbListener *self = listener_new (name, HB_LISTENER_STATE_CHANGE, state_topic (entity_id));

  self->entity_id = g_strdup (entity_id);
  return self;
}

HbListener *
hb_listener_new_attribute_change (const char *name,
                                  const char *entity_id,
                                  const char *attribute)
{
  HbListener *self = listener_new (name, HB_LISTENER_ATTRIBUTE_CHANGE, state_topic (entity_id));

  self->entity_id = g_strdup (entity_id);
  self->attribute = g_strdup (attribute);
  return self;
}

HbListener *
hb_listener_new_call_service (const char *name,
                              const char *domain,
                              const char *service)
{
  HbListener *self = listener_new (name, HB_LISTENER_CALL_SERVICE,
                                   g_strdup (HB_TOPIC_CALL_SERVICE));

  add_data_filter (self, "domain", domain);
  add_data_filter (self, "service", service);
  return self;
}

HbListener *
hb_listener_new_topic (const char *name,
                       const char *topic)
{
  return listener_new (name, HB_LISTENER_TOPIC, g_strdup (topic));
}

HbListener *
hb_listener_new_component_loaded (const char *name,
                                  const char *component)
{
  HbListener *self = hb_listener_new_topic (name, HB_TOPIC_COMPONENT_LOADED);

  add_data_filter (self, "component", component);
  return self;
}

HbListener *
hb_listener_new_service_registered (const char *name,
                                    const char *domain,
                                    const char *service)
{
  HbListener *self = hb_listener_new_topic (name, HB_TOPIC_SERVICE_REGISTERED);

  add_data_filter (self, "domain", domain);
  add_data_filter (self, "service", service);
  return self;
}

HbListener *
hb_listener_new_homeassistant (const char *name,
                               const char *what)
{
  return hb_listener_new_call_service (name, "homeassistant", what);
}

HbListener *
hb_listener_new_service_status (const char *name,
                                const char *status)
{
  HbListener *self = hb_listener_new_topic (name, HB_TOPIC_SERVICE_STATUS);

  add_data_filter (self, "status", status);
  return self;
}

HbListener *
hb_listener_new_websocket (const char *name,
                           gboolean    connected)
{
  return hb_listener_new_topic (name, connected ? HB_TOPIC_WEBSOCKET_CONNECTED
                                                : HB_TOPIC_WEBSOCKET_DISCONNECTED);
}

HbListener *
hb_listener_new_app_state_changed (const char *name,
                                   const char *app_key,
                                   const char *status)
{
  HbListener *self = hb_listener_new_topic (name, HB_TOPIC_APP_STATE_CHANGED);

  add_data_filter (self, "app_key", app_key);
  add_data_filter (self, "status", status);
  return self;
}

#define RETURN_IF_ADDED(self)                                                          \
  G_STMT_START {                                                                      \
    if ((self)->added)                                                                \
      {                                                                               \
        g_critical ("%s: listener '%s' is already added; configure it before adding", \
                    G_STRFUNC, (self)->name != NULL ? (self)->name : "");             \
        return;                                                                       \
      }                                                                               \
  } G_STMT_END

void
hb_listener_set_handler (HbListener     *self,
                         HbHandlerFunc   handler,
                         gpointer        user_data,
                         GDestroyNotify  destroy)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  RETURN_IF_ADDED (self);

  if (self->handler_destroy != NULL)
    self->handler_destroy (self->handler_data);

  self->handler = handler;
  self->handler_data = user_data;
  self->handler_destroy = destroy;
}

void
hb_listener_set_changed (HbListener *self,
                         gboolean    changed)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  RETURN_IF_ADDED (self);

  self->changed = !!changed;
  g_clear_pointer (&self->changed_comparison, hb_condition_unref);
}

void
hb_listener_set_changed_comparison (HbListener  *self,
                                    HbCondition *comparison)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  g_return_if_fail (comparison == NULL || hb_condition_is_comparison (comparison));
  RETURN_IF_ADDED (self);

  g_clear_pointer (&self->changed_comparison, hb_condition_unref);
  self->changed_comparison = comparison;
  self->changed = TRUE;
}

void
hb_listener_set_changed_from (HbListener  *self,
                              HbCondition *condition)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  g_return_if_fail (condition == NULL || !hb_condition_is_comparison (condition));
  RETURN_IF_ADDED (self);

  g_clear_pointer (&self->changed_from, hb_condition_unref);
  self->changed_from = condition;
}

void
hb_listener_set_changed_to (HbListener  *self,
                            HbCondition *condition)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  g_return_if_fail (condition == NULL || !hb_condition_is_comparison (condition));
  RETURN_IF_ADDED (self);

  g_clear_pointer (&self->changed_to, hb_condition_unref);
  self->changed_to = condition;
}

void
hb_listener_add_where (HbListener  *self,
                       HbPredicate *predicate)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  g_return_if_fail (predicate != NULL);
  RETURN_IF_ADDED (self);

  g_ptr_array_add (self->where, predicate);
}

void
hb_listener_set_once (HbListener *self,
                      gboolean    once)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  RETURN_IF_ADDED (self);

  self->once = !!once;
}

void
hb_listener_set_debounce (HbListener *self,
                          double      seconds)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  RETURN_IF_ADDED (self);

  /* validated when added, so the error can name the listener */
  self->debounce = seconds;
}

void
hb_listener_set_throttle (HbListener *self,
                          double      seconds)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  RETURN_IF_ADDED (self);

  self->throttle = seconds;
}

void
hb_listener_set_duration (HbListener *self,
                          double      seconds)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  RETURN_IF_ADDED (self);

  self->duration = seconds;
}

void
hb_listener_set_mode (HbListener *self,
                      HbMode      mode)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  RETURN_IF_ADDED (self);

  self->mode = mode;
}

void
hb_listener_set_priority (HbListener *self,
                          int         priority)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  RETURN_IF_ADDED (self);

  self->priority = priority;
}

void
hb_listener_set_immediate (HbListener *self,
                           gboolean    immediate)
{
  g_return_if_fail (HB_IS_LISTENER (self));
  RETURN_IF_ADDED (self);

  self->immediate = !!immediate;
}

const char *
hb_listener_get_name (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), NULL);
  return self->name;
}

HbListenerKind
hb_listener_get_kind (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), HB_LISTENER_TOPIC);
  return self->kind;
}

const char *
hb_listener_get_owner (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), NULL);
  return self->owner;
}

const char *
hb_listener_get_topic (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), NULL);
  return self->topic;
}

const char *
hb_listener_get_entity_id (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), NULL);
  return self->entity_id;
}

const char *
hb_listener_get_attribute (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), NULL);
  return self->attribute;
}

HbMode
hb_listener_get_mode (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), HB_MODE_SINGLE);
  return self->mode;
}

int
hb_listener_get_priority (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), 0);
  return self->priority;
}

gboolean
hb_listener_get_once (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), FALSE);
  return self->once;
}

double
hb_listener_get_debounce (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), 0);
  return self->debounce;
}

double
hb_listener_get_throttle (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), 0);
  return self->throttle;
}

double
hb_listener_get_duration (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), 0);
  return self->duration;
}

gboolean
hb_listener_is_active (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), FALSE);
  return self->active;
}

guint64
hb_listener_get_n_runs (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), 0);
  return self->n_runs;
}

guint64
hb_listener_get_n_filtered (HbListener *self)
{
  g_return_val_if_fail (HB_IS_LISTENER (self), 0);
  return self->n_filtered;
}

static const char *
kind_to_string (HbListenerKind kind)
{
  switch (kind)
    {
    case HB_LISTENER_STATE_CHANGE:     return "state_change";
    case HB_LISTENER_ATTRIBUTE_CHANGE: return "attribute_change";
    case HB_LISTENER_CALL_SERVICE:     return "call_service";
    case HB_LISTENER_TOPIC:            return "topic";
    default:                           return "unknown";
    }
}

static gboolean
is_state_kind (HbListener *self)
{
  return self->kind == HB_LISTENER_STATE_CHANGE || self->kind == HB_LISTENER_ATTRIBUTE_CHANGE;
}

static void
append_condition (GString     *str,
                  const char  *label,
                  HbCondition *condition)
{
  g_autofree char *text = NULL;

  if (condition == NULL)
    return;

  text = hb_condition_describe (condition);
  g_string_append_printf (str, " %s %s", label, text);
}

char *
hb_listener_describe (HbListener *self)
{
  GString *str;

  g_return_val_if_fail (HB_IS_LISTENER (self), NULL);

  str = g_string_new (kind_to_string (self->kind));

  switch (self->kind)
    {
    case HB_LISTENER_STATE_CHANGE:
      g_string_append_printf (str, " %s", self->entity_id != NULL ? self->entity_id : "(none)");
      break;

    case HB_LISTENER_ATTRIBUTE_CHANGE:
      g_string_append_printf (str, " %s %s",
                              self->entity_id != NULL ? self->entity_id : "(none)",
                              self->attribute != NULL ? self->attribute : "(none)");
      break;

    case HB_LISTENER_TOPIC:
      g_string_append_printf (str, " %s", self->topic != NULL ? self->topic : "(none)");
      break;

    case HB_LISTENER_CALL_SERVICE:
    default:
      break;
    }

  for (guint i = 0; i < self->data_filters->len; i++)
    {
      HbDataFilter *filter = g_ptr_array_index (self->data_filters, i);

      g_string_append_printf (str, " %s=%s", filter->key, filter->pattern);
    }

  if (is_state_kind (self))
    {
      if (self->changed_comparison != NULL)
        append_condition (str, "changed", self->changed_comparison);
      else if (!self->changed)
        g_string_append (str, " changed=false");
      append_condition (str, "changed_from", self->changed_from);
      append_condition (str, "changed_to", self->changed_to);
    }

  for (guint i = 0; i < self->where->len; i++)
    {
      g_autofree char *text = hb_predicate_describe (g_ptr_array_index (self->where, i));

      g_string_append_printf (str, " where %s", text);
    }

  if (self->once)
    g_string_append (str, " once");
  if (self->debounce > 0)
    g_string_append_printf (str, " debounce=%gs", self->debounce);
  if (self->throttle > 0)
    g_string_append_printf (str, " throttle=%gs", self->throttle);
  if (self->duration > 0)
    g_string_append_printf (str, " duration=%gs", self->duration);
  if (self->immediate)
    g_string_append (str, " immediate");
  if (self->priority != 0)
    g_string_append_printf (str, " priority=%d", self->priority);
  g_string_append_printf (str, " mode=%s", hb_mode_to_string (self->mode));

  return g_string_free (str, FALSE);
}

void
_hb_listener_set_active (HbListener *self,
                         gboolean    active)
{
  g_assert (HB_IS_LISTENER (self));

  active = !!active;
  if (self->active == active)
    return;

  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static gboolean
check_seconds (HbListener  *self,
               const char  *what,
               double       seconds,
               GError     **error)
{
  if (!isfinite (seconds) || seconds < 0)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Listener '%s': %s must be finite and non-negative, got %g seconds",
                   self->name, what, seconds);
      return FALSE;
    }

  return TRUE;
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (HB_ERROR, HB_ERROR_INVALID_ARGUMENT, format, args));
  va_end (args);

  return FALSE;
}

static gboolean
validate (HbListener  *self,
          GError     **error)
{
  gboolean state_kind = is_state_kind (self);

  if (self->name == NULL || *self->name == '\0')
    return invalid (error,
                    "A listener name is required: pass a unique name for the listener on "
                    "topic '%s'",
                    self->topic != NULL ? self->topic : "(none)");

  if (self->handler == NULL)
    return invalid (error,
                    "Listener '%s' has no handler: call hb_listener_set_handler() before "
                    "adding it",
                    self->name);

  if ((int) self->mode < HB_MODE_SINGLE || (int) self->mode > HB_MODE_PARALLEL)
    return invalid (error, "Listener '%s': invalid mode %d", self->name, (int) self->mode);

  if (state_kind)
    {
      if (self->entity_id == NULL || *self->entity_id == '\0')
        return invalid (error, "Listener '%s' needs an entity id or glob", self->name);

      if (self->kind == HB_LISTENER_ATTRIBUTE_CHANGE &&
          (self->attribute == NULL || *self->attribute == '\0'))
        return invalid (error, "Attribute listener '%s' needs an attribute name", self->name);

      if (hb_glob_is_pattern (self->entity_id))
        {
          if (!hb_glob_validate (self->entity_id, error))
            {
              g_prefix_error (error, "Listener '%s': entity glob: ", self->name);
              return FALSE;
            }
        }
      else if (!hb_entity_id_is_valid (self->entity_id))
        {
          return invalid (error,
                          "Listener '%s': '%s' is not a valid entity id "
                          "(expected 'domain.object_id')",
                          self->name, self->entity_id);
        }
    }
  else
    {
      if (self->topic == NULL || *self->topic == '\0')
        return invalid (error, "Listener '%s' needs a topic", self->name);

      if (hb_glob_is_pattern (self->topic) && !hb_glob_validate (self->topic, error))
        {
          g_prefix_error (error, "Listener '%s': topic: ", self->name);
          return FALSE;
        }

      if (self->changed_comparison != NULL)
        return invalid (error, "Listener '%s': changed is only for state and attribute listeners",
                        self->name);
      if (self->changed_from != NULL)
        return invalid (error,
                        "Listener '%s': changed_from is only for state and attribute listeners",
                        self->name);
      if (self->changed_to != NULL)
        return invalid (error,
                        "Listener '%s': changed_to is only for state and attribute listeners",
                        self->name);
    }

  for (guint i = 0; i < self->data_filters->len; i++)
    {
      HbDataFilter *filter = g_ptr_array_index (self->data_filters, i);

      if (*filter->pattern == '\0')
        return invalid (error, "Listener '%s': the %s filter is empty (pass NULL to match any)",
                        self->name, filter->key);

      if (hb_glob_is_pattern (filter->pattern) && !hb_glob_validate (filter->pattern, error))
        {
          g_prefix_error (error, "Listener '%s': %s: ", self->name, filter->key);
          return FALSE;
        }
    }

  if (!check_seconds (self, "debounce", self->debounce, error) ||
      !check_seconds (self, "throttle", self->throttle, error) ||
      !check_seconds (self, "duration", self->duration, error))
    return FALSE;

  if (self->once && self->debounce > 0)
    return invalid (error, "Listener '%s': once cannot be combined with debounce", self->name);
  if (self->once && self->throttle > 0)
    return invalid (error, "Listener '%s': once cannot be combined with throttle", self->name);
  if (self->debounce > 0 && self->throttle > 0)
    return invalid (error, "Listener '%s': debounce and throttle are mutually exclusive",
                    self->name);

  if (self->duration > 0)
    {
      if (!state_kind)
        return invalid (error,
                        "Listener '%s': duration is only for state and attribute listeners",
                        self->name);
      if (hb_glob_is_pattern (self->entity_id))
        return invalid (error,
                        "Listener '%s': duration needs a single entity, not the glob '%s'",
                        self->name, self->entity_id);
      if (self->debounce > 0)
        return invalid (error, "Listener '%s': duration cannot be combined with debounce",
                        self->name);
      if (self->throttle > 0)
        return invalid (error, "Listener '%s': duration cannot be combined with throttle",
                        self->name);
    }

  if (self->immediate)
    {
      if (!state_kind)
        return invalid (error,
                        "Listener '%s': immediate is only for state and attribute listeners",
                        self->name);
      if (hb_glob_is_pattern (self->entity_id))
        return invalid (error,
                        "Listener '%s': immediate needs a single entity, not the glob '%s'",
                        self->name, self->entity_id);
    }

  return TRUE;
}

gboolean
_hb_listener_prepare (HbListener  *self,
                      const char  *owner,
                      GError     **error)
{
  g_assert (HB_IS_LISTENER (self));
  g_assert (!self->added);

  if (!validate (self, error))
    return FALSE;

  for (guint i = 0; i < self->data_filters->len; i++)
    {
      HbDataFilter *filter = g_ptr_array_index (self->data_filters, i);

      g_clear_pointer (&filter->condition, hb_condition_unref);
      if (hb_glob_is_pattern (filter->pattern))
        filter->condition = hb_condition_glob (filter->pattern, NULL);
      else
        filter->condition = hb_condition_equals_string (filter->pattern);
      g_assert (filter->condition != NULL);
    }

  g_free (self->domain);
  self->domain = NULL;

  if (is_state_kind (self))
    {
      self->entity_is_glob = hb_glob_is_pattern (self->entity_id);
      self->glob_prefix_len = strcspn (self->entity_id, GLOB_CHARS);

      if (!self->entity_is_glob)
        {
          self->route = HB_ROUTE_TOPIC;
        }
      else
        {
          const char *dot = strchr (self->entity_id, '.');

          /* "light.*": every match starts with "light.", so only light events can match */
          if (dot != NULL && dot > self->entity_id &&
              (gsize) (dot - self->entity_id) < self->glob_prefix_len)
            {
              self->route = HB_ROUTE_DOMAIN;
              self->domain = g_strndup (self->entity_id, dot - self->entity_id);
            }
          else
            {
              self->route = HB_ROUTE_STATE_GLOB;
            }
        }
    }
  else
    {
      self->topic_is_glob = hb_glob_is_pattern (self->topic);
      self->glob_prefix_len = strcspn (self->topic, GLOB_CHARS);
      self->route = self->topic_is_glob ? HB_ROUTE_TOPIC_GLOB : HB_ROUTE_TOPIC;
    }

  g_free (self->owner);
  self->owner = g_strdup (owner);
  g_free (self->task_name);
  self->task_name = g_strconcat ("handler:", self->name, NULL);

  return TRUE;
}

static gboolean
old_state_is_null (HbEvent *event)
{
  JsonNode *node = json_object_get_member (hb_event_get_data (event), "old_state");

  return node == NULL || !JSON_NODE_HOLDS_OBJECT (node);
}

static void
read_pair (HbListener  *self,
           HbEvent     *event,
           JsonNode   **old_value,
           JsonNode   **new_value)
{
  if (self->kind == HB_LISTENER_ATTRIBUTE_CHANGE)
    {
      *old_value = hb_event_read_value (event, HB_VALUE_ATTR_OLD, self->attribute);
      *new_value = hb_event_read_value (event, HB_VALUE_ATTR_NEW, self->attribute);
    }
  else
    {
      *old_value = hb_event_read_value (event, HB_VALUE_STATE_OLD, NULL);
      *new_value = hb_event_read_value (event, HB_VALUE_STATE_NEW, NULL);
    }
}

static gboolean
values_differ (JsonNode *old_value,
               JsonNode *new_value)
{
  if (old_value == NULL || new_value == NULL)
    return old_value != new_value;

  return !hb_json_equal (old_value, new_value);
}

static HbListenerVerdict
filtered_condition (char        **reason,
                    const char   *label,
                    JsonNode     *value,
                    HbCondition  *condition)
{
  if (reason != NULL)
    {
      g_autofree char *value_text = _hb_value_describe (value);
      g_autofree char *condition_text = hb_condition_describe (condition);

      *reason = g_strdup_printf ("%s: %s is not %s", label, value_text, condition_text);
    }

  return HB_LISTENER_FILTERED;
}

static HbListenerVerdict
run_where (HbListener  *self,
           HbEvent     *event,
           char       **reason,
           GError     **error)
{
  for (guint i = 0; i < self->where->len; i++)
    {
      HbPredicate *predicate = g_ptr_array_index (self->where, i);
      GError *local_error = NULL;

      if (hb_predicate_evaluate (predicate, event, &local_error))
        continue;

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return HB_LISTENER_ERROR;
        }

      if (reason != NULL)
        {
          g_autofree char *text = hb_predicate_describe (predicate);

          *reason = g_strdup_printf ("where: %s is false", text);
        }
      return HB_LISTENER_FILTERED;
    }

  return HB_LISTENER_PASS;
}

HbListenerVerdict
_hb_listener_filter (HbListener  *self,
                     HbEvent     *event,
                     char       **reason,
                     GError     **error)
{
  g_assert (HB_IS_LISTENER (self));
  g_assert (HB_IS_EVENT (event));

  for (guint i = 0; i < self->data_filters->len; i++)
    {
      HbDataFilter *filter = g_ptr_array_index (self->data_filters, i);
      JsonNode *value = hb_event_read_value (event, HB_VALUE_DATA, filter->key);

      if (!hb_condition_match (filter->condition, value))
        return filtered_condition (reason, filter->key, value, filter->condition);
    }

  if (is_state_kind (self))
    {
      JsonNode *old_value;
      JsonNode *new_value;

      read_pair (self, event, &old_value, &new_value);

      if (self->changed_comparison != NULL)
        {
          if (!hb_condition_match_change (self->changed_comparison, old_value, new_value))
            {
              if (reason != NULL)
                {
                  g_autofree char *old_text = _hb_value_describe (old_value);
                  g_autofree char *new_text = _hb_value_describe (new_value);
                  g_autofree char *cond = hb_condition_describe (self->changed_comparison);

                  *reason = g_strdup_printf ("changed: %s -> %s is not %s",
                                             old_text, new_text, cond);
                }
              return HB_LISTENER_FILTERED;
            }
        }
      else if (self->changed)
        {
          if (self->kind == HB_LISTENER_ATTRIBUTE_CHANGE && old_state_is_null (event))
            {
              /* a new entity "changes" each attribute it has */
              if (new_value == NULL)
                {
                  if (reason != NULL)
                    *reason = g_strdup_printf ("changed: attribute '%s' is missing on the new "
                                               "state", self->attribute);
                  return HB_LISTENER_FILTERED;
                }
            }
          else if (!values_differ (old_value, new_value))
            {
              if (reason != NULL)
                {
                  g_autofree char *text = _hb_value_describe (new_value);

                  *reason = g_strdup_printf ("changed: %s did not change", text);
                }
              return HB_LISTENER_FILTERED;
            }
        }

      if (self->changed_from != NULL && !hb_condition_match (self->changed_from, old_value))
        return filtered_condition (reason, "changed_from", old_value, self->changed_from);

      if (self->changed_to != NULL && !hb_condition_match (self->changed_to, new_value))
        return filtered_condition (reason, "changed_to", new_value, self->changed_to);
    }

  return run_where (self, event, reason, error);
}

HbListenerVerdict
_hb_listener_hold (HbListener  *self,
                   HbEvent     *event,
                   GError     **error)
{
  g_assert (HB_IS_LISTENER (self));
  g_assert (HB_IS_EVENT (event));

  if (self->changed_to != NULL)
    {
      JsonNode *old_value;
      JsonNode *new_value;

      read_pair (self, event, &old_value, &new_value);
      if (!hb_condition_match (self->changed_to, new_value))
        return HB_LISTENER_FILTERED;
    }

  for (guint i = 0; i < self->where->len; i++)
    {
      HbPredicate *predicate = g_ptr_array_index (self->where, i);
      GError *local_error = NULL;

      /* "is it still there?", not "did it just get there?": transition tests (state_from,
       * did_change, comparisons) said their word when the hold started */
      if (_hb_predicate_reads_old_state (predicate))
        continue;

      if (hb_predicate_evaluate (predicate, event, &local_error))
        continue;

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return HB_LISTENER_ERROR;
        }
      return HB_LISTENER_FILTERED;
    }

  return HB_LISTENER_PASS;
}

static gboolean
data_filters_equal (GPtrArray *a,
                    GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      HbDataFilter *fa = g_ptr_array_index (a, i);
      HbDataFilter *fb = g_ptr_array_index (b, i);

      if (g_strcmp0 (fa->key, fb->key) != 0 || g_strcmp0 (fa->pattern, fb->pattern) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
where_equal (GPtrArray *a,
             GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      if (!_hb_predicate_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
        return FALSE;
    }

  return TRUE;
}

char *
_hb_listener_diff (HbListener *a,
                   HbListener *b)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  g_assert (HB_IS_LISTENER (a));
  g_assert (HB_IS_LISTENER (b));

  if (a->kind != b->kind)
    g_ptr_array_add (fields, (gpointer) "kind");
  if (g_strcmp0 (a->topic, b->topic) != 0)
    g_ptr_array_add (fields, (gpointer) "topic");
  if (g_strcmp0 (a->entity_id, b->entity_id) != 0)
    g_ptr_array_add (fields, (gpointer) "entity_id");
  if (g_strcmp0 (a->attribute, b->attribute) != 0)
    g_ptr_array_add (fields, (gpointer) "attribute");
  if (!data_filters_equal (a->data_filters, b->data_filters))
    g_ptr_array_add (fields, (gpointer) "filters");
  if (a->handler != b->handler || a->handler_data != b->handler_data)
    g_ptr_array_add (fields, (gpointer) "handler");
  if (a->changed != b->changed ||
      !_hb_condition_equal (a->changed_comparison, b->changed_comparison))
    g_ptr_array_add (fields, (gpointer) "changed");
  if (!_hb_condition_equal (a->changed_from, b->changed_from))
    g_ptr_array_add (fields, (gpointer) "changed_from");
  if (!_hb_condition_equal (a->changed_to, b->changed_to))
    g_ptr_array_add (fields, (gpointer) "changed_to");
  if (!where_equal (a->where, b->where))
    g_ptr_array_add (fields, (gpointer) "where");
  if (a->once != b->once)
    g_ptr_array_add (fields, (gpointer) "once");
  if (a->debounce != b->debounce)
    g_ptr_array_add (fields, (gpointer) "debounce");
  if (a->throttle != b->throttle)
    g_ptr_array_add (fields, (gpointer) "throttle");
  if (a->duration != b->duration)
    g_ptr_array_add (fields, (gpointer) "duration");
  if (a->mode != b->mode)
    g_ptr_array_add (fields, (gpointer) "mode");
  if (a->priority != b->priority)
    g_ptr_array_add (fields, (gpointer) "priority");
  if (a->immediate != b->immediate)
    g_ptr_array_add (fields, (gpointer) "immediate");

  if (fields->len == 0)
    return NULL;

  g_ptr_array_add (fields, NULL);
  return g_strjoinv (", ", (char **) fields->pdata);
}
