/* hb-job.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-job.h"

#include "hb-clock.h"
#include "hb-job-private.h"

/*
 * The properties are read-only views for list models and the GUI; a job is configured
 * with the setters before it is added, and the scheduler changes it afterwards.
 *
 * "status" is notified when it changes. "next-run-usec", "fire-at-usec" and "n-runs"
 * change on every fire and are NOT notified: a notification costs a few hundred
 * instructions in GLib 2.74 even with nobody listening, which is a large share of a fire
 * when a million jobs fire. HbScheduler::job-fired says when they change.
 */

enum {
  PROP_0,
  PROP_NAME,
  PROP_GROUP,
  PROP_OWNER,
  PROP_TRIGGER,
  PROP_STATUS,
  PROP_MODE,
  PROP_JITTER,
  PROP_NEXT_RUN_USEC,
  PROP_FIRE_AT_USEC,
  PROP_N_RUNS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HbJob, hb_job, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
hb_job_finalize (GObject *object)
{
  HbJob *self = (HbJob *) object;
  HbJobExtra *extra = self->extra;

  g_assert (self->scheduler == NULL);
  g_assert (_hb_job_get_n_running (self) == 0);

  if (extra != NULL)
    {
      if (extra->destroy != NULL)
        extra->destroy (self->user_data);
      if (extra->where_destroy != NULL)
        extra->where_destroy (extra->where_data);
      g_clear_pointer (&extra->running, g_ptr_array_unref);
      g_free (extra->group);
      g_free (extra);
    }

  g_clear_pointer (&self->trigger, hb_trigger_unref);
  g_clear_pointer (&self->owner, g_ref_string_release);
  g_free (self->name);

  G_OBJECT_CLASS (hb_job_parent_class)->finalize (object);
}

static void
hb_job_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  HbJob *self = HB_JOB (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_GROUP:
      g_value_set_string (value, hb_job_get_group (self));
      break;

    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;

    case PROP_TRIGGER:
      g_value_set_boxed (value, self->trigger);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    case PROP_JITTER:
      g_value_set_double (value, self->jitter);
      break;

    case PROP_NEXT_RUN_USEC:
      g_value_set_int64 (value, self->next_run_usec);
      break;

    case PROP_FIRE_AT_USEC:
      g_value_set_int64 (value, self->fire_at_usec);
      break;

    case PROP_N_RUNS:
      g_value_set_uint64 (value, self->n_runs);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_job_class_init (HbJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  /* Not notified; see above. */
  GParamFlags unnotified = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hb_job_finalize;
  object_class->get_property = hb_job_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_GROUP] = g_param_spec_string ("group", NULL, NULL, NULL, flags);
  properties[PROP_OWNER] = g_param_spec_string ("owner", NULL, NULL, NULL, flags);
  properties[PROP_TRIGGER] = g_param_spec_boxed ("trigger", NULL, NULL, HB_TYPE_TRIGGER, flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, HB_TYPE_JOB_STATUS,
                                               HB_JOB_SCHEDULED, flags);
  properties[PROP_MODE] = g_param_spec_enum ("mode", NULL, NULL, HB_TYPE_MODE, HB_MODE_SINGLE,
                                             flags);
  properties[PROP_JITTER] = g_param_spec_double ("jitter", NULL, NULL, 0, G_MAXDOUBLE, 0,
                                                 flags);
  properties[PROP_NEXT_RUN_USEC] = g_param_spec_int64 ("next-run-usec", NULL, NULL,
                                                       G_MININT64, G_MAXINT64, 0, unnotified);
  properties[PROP_FIRE_AT_USEC] = g_param_spec_int64 ("fire-at-usec", NULL, NULL,
                                                      G_MININT64, G_MAXINT64, 0, unnotified);
  properties[PROP_N_RUNS] = g_param_spec_uint64 ("n-runs", NULL, NULL, 0, G_MAXUINT64, 0,
                                                 unnotified);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hb_job_init (HbJob *self)
{
  self->mode = HB_MODE_SINGLE;
  self->status = HB_JOB_SCHEDULED;
}

/**
 * hb_job_new:
 * @name: the job's name (must not be empty when the job is added)
 * @trigger: when it fires; a reference is taken
 * @func: what it runs
 *
 * Returns: (transfer full): a new job, not scheduled yet; mode %HB_MODE_SINGLE, no group,
 *   no jitter, no `where`
 */
HbJob *
hb_job_new (const char     *name,
            HbTrigger      *trigger,
            HbJobFunc       func,
            gpointer        user_data,
            GDestroyNotify  destroy)
{
  HbJob *self;

  g_return_val_if_fail (trigger != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (HB_TYPE_JOB, NULL);
  self->name = g_strdup (name);
  self->trigger = hb_trigger_ref (trigger);
  self->func = func;
  self->user_data = user_data;
  if (destroy != NULL)
    _hb_job_get_extra (self)->destroy = destroy;

  return self;
}

void
hb_job_set_group (HbJob      *self,
                  const char *group)
{
  g_return_if_fail (HB_IS_JOB (self));
  g_return_if_fail (!self->added);

  if (g_strcmp0 (hb_job_get_group (self), group) == 0)
    return;

  g_free (_hb_job_get_extra (self)->group);
  self->extra->group = g_strdup (group);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
}

void
hb_job_set_jitter (HbJob  *self,
                   double  seconds)
{
  g_return_if_fail (HB_IS_JOB (self));
  g_return_if_fail (!self->added);

  /* Validated when the job is added, where an error can be returned. */
  if (self->jitter == seconds)
    return;

  self->jitter = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JITTER]);
}

void
hb_job_set_mode (HbJob  *self,
                 HbMode  mode)
{
  g_return_if_fail (HB_IS_JOB (self));
  g_return_if_fail (!self->added);
  g_return_if_fail (mode >= HB_MODE_SINGLE && mode <= HB_MODE_PARALLEL);

  if (self->mode == (guint8) mode)
    return;

  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

void
hb_job_set_where (HbJob              *self,
                  HbJobPredicateFunc  where,
                  gpointer            user_data,
                  GDestroyNotify      destroy)
{
  HbJobExtra *extra;

  g_return_if_fail (HB_IS_JOB (self));
  g_return_if_fail (!self->added);

  extra = _hb_job_get_extra (self);
  if (extra->where_destroy != NULL)
    extra->where_destroy (extra->where_data);

  extra->where = where;
  extra->where_data = user_data;
  extra->where_destroy = destroy;
}

const char *
hb_job_get_name (HbJob *self)
{
  g_return_val_if_fail (HB_IS_JOB (self), NULL);

  return self->name;
}

const char *
hb_job_get_group (HbJob *self)
{
  g_return_val_if_fail (HB_IS_JOB (self), NULL);

  return self->extra != NULL ? self->extra->group : NULL;
}

/* (nullable): the scheduler's owner, once added */
const char *
hb_job_get_owner (HbJob *self)
{
  g_return_val_if_fail (HB_IS_JOB (self), NULL);

  return self->owner;
}

HbTrigger *
hb_job_get_trigger (HbJob *self)
{
  g_return_val_if_fail (HB_IS_JOB (self), NULL);

  return self->trigger;
}

HbJobStatus
hb_job_get_status (HbJob *self)
{
  g_return_val_if_fail (HB_IS_JOB (self), HB_JOB_REMOVED);

  return self->status;
}

HbMode
hb_job_get_mode (HbJob *self)
{
  g_return_val_if_fail (HB_IS_JOB (self), HB_MODE_SINGLE);

  return self->mode;
}

double
hb_job_get_jitter (HbJob *self)
{
  g_return_val_if_fail (HB_IS_JOB (self), 0);

  return self->jitter;
}

gint64
hb_job_get_next_run_usec (HbJob *self)
{
  g_return_val_if_fail (HB_IS_JOB (self), 0);

  return self->status == HB_JOB_SCHEDULED ? self->next_run_usec : 0;
}

gint64
hb_job_get_fire_at_usec (HbJob *self)
{
  g_return_val_if_fail (HB_IS_JOB (self), 0);

  return self->status == HB_JOB_SCHEDULED ? self->fire_at_usec : 0;
}

guint64
hb_job_get_n_runs (HbJob *self)
{
  g_return_val_if_fail (HB_IS_JOB (self), 0);

  return self->n_runs;
}

static void
add_instant (JsonBuilder *builder,
             const char  *member,
             gint64       usec,
             GTimeZone   *time_zone)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) whole = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;
  gint64 seconds = usec / G_USEC_PER_SEC;

  json_builder_set_member_name (builder, member);

  if (usec % G_USEC_PER_SEC < 0)
    seconds--;
  whole = g_date_time_new_from_unix_utc (seconds);
  if (usec == 0 || whole == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  utc = g_date_time_add (whole, usec - seconds * G_USEC_PER_SEC);
  local = time_zone != NULL ? g_date_time_to_timezone (utc, time_zone) : g_date_time_ref (utc);
  text = hb_format_instant (local);
  json_builder_add_string_value (builder, text);
}

/**
 * hb_job_to_json:
 * @time_zone: (nullable): the zone instants are written in; %NULL is UTC
 *
 * Returns: (transfer full): {name, group, trigger, next_run, fire_at, status, mode, runs};
 *   next_run and fire_at are ISO 8601 strings, or null when the job is not scheduled
 */
JsonObject *
hb_job_to_json (HbJob     *self,
                GTimeZone *time_zone)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *trigger = NULL;

  g_return_val_if_fail (HB_IS_JOB (self), NULL);

  trigger = hb_trigger_describe (self->trigger);
  builder = json_builder_new ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "group");
  if (hb_job_get_group (self) != NULL)
    json_builder_add_string_value (builder, hb_job_get_group (self));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "trigger");
  json_builder_add_string_value (builder, trigger);
  add_instant (builder, "next_run", hb_job_get_next_run_usec (self), time_zone);
  add_instant (builder, "fire_at", hb_job_get_fire_at_usec (self), time_zone);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, hb_job_status_to_string (self->status));
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, hb_mode_to_string (self->mode));
  json_builder_set_member_name (builder, "runs");
  json_builder_add_int_value (builder, (gint64) self->n_runs);

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_object_ref (json_node_get_object (root));
}

void
_hb_job_set_status (HbJob       *self,
                    HbJobStatus  status)
{
  g_assert (HB_IS_JOB (self));

  if (self->status == (guint8) status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
_hb_job_set_times (HbJob  *self,
                   gint64  next_run_usec,
                   gint64  fire_at_usec)
{
  g_assert (HB_IS_JOB (self));

  self->next_run_usec = next_run_usec;
  self->fire_at_usec = fire_at_usec;
}

void
_hb_job_count_run (HbJob *self)
{
  g_assert (HB_IS_JOB (self));

  self->n_runs++;
}
