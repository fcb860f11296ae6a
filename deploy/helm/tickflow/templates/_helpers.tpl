{{/* Labels every object gets. */}}
{{- define "tickflow.labels" -}}
app.kubernetes.io/part-of: tickflow
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* ghcr.io/tickflow/<service>:<tag>. Call with (dict "root" $ "name" $name). */}}
{{- define "tickflow.image" -}}
{{- $img := .root.Values.image -}}
{{- printf "%s/%s/%s:%s" $img.registry $img.repository .name (default .root.Chart.AppVersion $img.tag) -}}
{{- end -}}

{{/* A restricted container security context for a given user. Call with (dict "uid" 1000 "readOnly" true). */}}
{{- define "tickflow.containerSecurity" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: {{ .readOnly }}
privileged: false
capabilities:
  drop:
    - ALL
{{- end -}}

{{/* The pod security context for a given user. */}}
{{- define "tickflow.podSecurity" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}
