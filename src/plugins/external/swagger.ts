import type { SwaggerOptions } from '@fastify/swagger'

export const swaggerOptions: SwaggerOptions = {
  openapi: {
    openapi: '3.0.3',
    info: {
      title: 'Cowsay as a Service',
      description: 'The classic cowsay as a web service. Every result URL answers HTML, JSON, plain text or XML by the Accept header or ?format=.',
      version: '1.0.0'
    }
  }
}
