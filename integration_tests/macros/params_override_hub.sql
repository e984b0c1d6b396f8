{#- Test-only override of gata's default__hub, found first through this project's dispatch config
    (dbt_project.yml: dispatch search_order [gata_integration_tests, gata]). With var params_override_hub
    it marks each row, proving the override is picked up; otherwise it is gata's own hub. -#}
{%- macro default__hub(src_pk, src_nk, src_extra_columns, src_ldts, src_source, source_model) -%}
    {%- if var('params_override_hub', false) -%}
select gata_hub.*, 'project override' as loaded_by
from ({{ gata.default__hub(src_pk, src_nk, src_extra_columns, src_ldts, src_source, source_model) }}) as gata_hub
    {%- else -%}
{{ gata.default__hub(src_pk, src_nk, src_extra_columns, src_ldts, src_source, source_model) }}
    {%- endif -%}
{%- endmacro -%}
