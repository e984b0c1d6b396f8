{#- Payments marts (category `payments`): charges from the shared vault. -#}

{#- fct_payments: one row per charge, amounts in major units (the connector's registry converts minor
    units, e.g. Stripe's minor_units_by_currency). net_amount = gross - refunded for a paid charge; an
    unpaid (failed, pending) charge collected nothing: 0. -#}
{% macro mart_fct_payments(tenant) -%}
    {%- if not gata._mart_ready(tenant) -%}{{ return(gata._mart_placeholder()) }}{%- endif -%}
with charges as (
    {{ gata._mart_entity(tenant, 'payments', 'charge') }}
)
select
    tenant_slug,
    source_platform,
    charge_id,
    created_at,
    customer_id,
    upper(currency) as currency,
    status,
    coalesce(is_paid, false) as is_paid,
    coalesce(is_refunded, false) as is_refunded,
    coalesce(is_test, false) as is_test,
    {{ gata._mart_money('amount') }} as gross_amount,
    {{ gata._mart_money('coalesce(amount_refunded, 0)') }} as refunded_amount,
    {{ gata._mart_money('case when coalesce(is_paid, false) then amount - coalesce(amount_refunded, 0) else 0 end') }} as net_amount
from charges
{%- endmacro %}
