package dev.mlflowoperator.railway; /** placeholder */ final class Placeholder {}
