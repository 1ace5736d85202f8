"""No-code business modules (业务自定义): staff define modules (fields, list columns, filters,
statistics) in the admin and use them at once, without a deploy."""
