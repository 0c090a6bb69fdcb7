{{/* The chart name, or nameOverride. */}}
{{- define "slatune.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* "<release>-slatune", or fullnameOverride; the release name alone when it already contains the chart name. */}}
{{- define "slatune.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "slatune.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "slatune.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: slatune
{{- end }}

{{/* Selector labels of the operator's pods. */}}
{{- define "slatune.selectorLabels" -}}
app.kubernetes.io/name: {{ include "slatune.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* Selector labels of the simulator's pods. */}}
{{- define "slatune.simulatorSelectorLabels" -}}
app.kubernetes.io/name: {{ include "slatune.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: simulator
{{- end }}

{{/* The operator's ServiceAccount name. */}}
{{- define "slatune.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "slatune.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The load workers' ServiceAccount name. */}}
{{- define "slatune.workerServiceAccountName" -}}
{{- if .Values.worker.serviceAccount.create }}
{{- default (printf "%s-worker" (include "slatune.fullname" .)) .Values.worker.serviceAccount.name }}
{{- else }}
{{- required "worker.serviceAccount.name is required when worker.serviceAccount.create is false" .Values.worker.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image reference: repository@digest when a digest is set, else repository:tag (appVersion by default). */}}
{{- define "slatune.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The rules the operator needs in every namespace it watches, and nothing more (ChartRbacTest holds
each one against the call in the operator that needs it): its own resources (watched; a finalizer
added and removed by patch; status patched), the load Jobs it creates, watches and deletes, the list of a
Job's Pods (each Pod's termination message carries the measurement), and Events it records. It
reads no Secret: an API key reaches a load pod as an env var from a secretKeyRef, resolved by the
kubelet. It sets no blockOwnerDeletion, so it needs nothing on slatunings/finalizers. The Lease of
leader election lives in the release namespace and has a Role of its own.
*/}}
{{- define "slatune.rules" -}}
- apiGroups: ["slatune.dev"]
  resources: ["slatunings"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["slatune.dev"]
  resources: ["slatunings/status"]
  verbs: ["update", "patch"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["create", "list", "watch", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/* The namespaces the load workers' ServiceAccount is created in: the watched ones, else the release's plus any listed. */}}
{{- define "slatune.workerNamespaces" -}}
{{- if .Values.watchNamespaces }}
{{- toJson (uniq .Values.watchNamespaces) }}
{{- else }}
{{- toJson (uniq (prepend .Values.worker.serviceAccount.namespaces .Release.Namespace)) }}
{{- end }}
{{- end }}
